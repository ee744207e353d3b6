/* SPDX-License-Identifier: MIT */
/* serve.c — `relmark serve WORKSPACE`: the JSON API over a workspace
 * (docs/api.md) on libmicrohttpd. This file: the command, the daemon and
 * its limits, the tokens' check, the metrics, the log, SIGTERM. The
 * endpoints are serve_api.c; every number is the library's (rmk_live). */
#include "serve.h"
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: relmark serve WORKSPACE [--listen ADDR:PORT] [--threads N] [options]\n"
    "\n"
    "Serves the JSON API of docs/api.md over WORKSPACE: customers' scores, segments,\n"
    "life-cycle stages and actions, posted transactions (stored at once, each\n"
    "customer's R, F, M updated at once), the report, metrics. Reads the workspace\n"
    "once at start; the cut-offs and models change only at a rescore (POST\n"
    "/v1/rescore, --rescore-every). Every endpoint but /v1/health needs a token\n"
    "(relmark token add). SIGTERM or SIGINT: finishes the requests in flight, exits 0.\n"
    "\n"
    "  --listen ADDR:PORT       IPv4 address and port (default 127.0.0.1:8080; port 0:\n"
    "                           any free one, printed at start)\n"
    "  --threads N              threads answering requests (1..64, default 2)\n"
    "  --rescore-every SECONDS  rescore on a schedule (0 never, default; up to 604800)\n"
    "  --log FILE               one JSON line per request, appended\n"
    "  --cert FILE              TLS: the certificate (PEM), with --key\n"
    "  --key FILE               TLS: its private key (PEM)\n"
    "  --max-body BYTES         largest request body (1024..67108864, default 8388608)\n"
    "  --max-connections N      connections at once (1..10000, default 256)\n"
    "  --timeout SECONDS        an idle connection is closed (1..3600, default 30)\n"
    "  --quiet                  no line at start\n"
    "  -h, --help               this text\n"
    "\n"
    "Prints one line on stderr when ready: \"relmark: serving WORKSPACE on URL\".\n"
    "\n"
    "Exit codes: 0 stopped by SIGTERM or SIGINT, 64 usage, 65 data error (a corrupt\n"
    "or foreign workspace, no customer to score), 66 cannot open, 71 out of memory,\n"
    "74 I/O (the address in use, a certificate unreadable).\n";

static int set_int(int *at, const char *name, const char *v, const char *where, long lo, long hi,
                   const char *expected)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi) return cli_bad(where, name, v, expected);
    *at = (int)n;
    return 0;
}
static int set_threads(cli_opts *o, const char *n, const char *v, const char *w)
{
    return set_int(&o->srv.threads, n, v, w, 1, 64, "1..64");
}
static int set_every(cli_opts *o, const char *n, const char *v, const char *w)
{
    return set_int(&o->srv.rescore_every, n, v, w, 0, 604800, "seconds, 0..604800");
}
static int set_body(cli_opts *o, const char *n, const char *v, const char *w)
{
    return set_int(&o->srv.max_body, n, v, w, 1024, 67108864, "bytes, 1024..67108864");
}
static int set_conn(cli_opts *o, const char *n, const char *v, const char *w)
{
    return set_int(&o->srv.max_conn, n, v, w, 1, 10000, "1..10000");
}
static int set_timeout(cli_opts *o, const char *n, const char *v, const char *w)
{
    return set_int(&o->srv.timeout, n, v, w, 1, 3600, "seconds, 1..3600");
}

static const char *const common_only[] = {"quiet", "help", NULL};
static int run(cli_ctx *c);
static void init(cli_opts *o)
{
    o->srv.listen = "127.0.0.1:8080";
    o->srv.threads = 2;
    o->srv.max_body = 8 << 20;
    o->srv.max_conn = 256;
    o->srv.timeout = 30;
}

const cli_command cli_serve = {
    .name = "serve",
    .summary = {"the JSON API over a workspace: scores, segments, stages, live ingest", NULL},
    .usage = usage_text,
    .file = "WORKSPACE",
    .common_only = common_only,
    .options = (const cli_option[]){CLI_TEXT_AT("listen", srv.listen), CLI_VALUE_BY("threads", set_threads),
                                    CLI_VALUE_BY("rescore-every", set_every), CLI_TEXT_AT("log", srv.log),
                                    CLI_TEXT_AT("cert", srv.cert), CLI_TEXT_AT("key", srv.key),
                                    CLI_VALUE_BY("max-body", set_body),
                                    CLI_VALUE_BY("max-connections", set_conn),
                                    CLI_VALUE_BY("timeout", set_timeout), {0}},
    .section = "serve",
    .init = init,
    .run = run,
};

const char *const srv_ep_name[EP_COUNT] = {"health", "customer", "customers", "segments", "metrics",
                                           "transactions", "rescore", "report", "feedback", "alerts", "dashboard", "other"};
const int srv_statuses[SRV_NSTATUS] = {200, 400, 401, 403, 404, 405, 413, 414, 415, 422, 431, 500, 503};
const double srv_buckets[SRV_NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                          0.05,   0.1,   0.25,   0.5,   1.0,  1e300};

double srv_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------- answers */

static enum MHD_Result queue(struct MHD_Connection *c, srv_req *q, int status, const char *type,
                             char *text, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (status == 401) MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (q->ep == EP_DASHBOARD && status == 200) {
        MHD_add_response_header(r, "Content-Security-Policy", srv_dashboard_csp());
        MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    }
    q->status = status;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

enum MHD_Result srv_text(struct MHD_Connection *c, srv_req *q, int status, const char *type, char *text,
                         size_t len)
{
    return queue(c, q, status, type, text, len);
}

enum MHD_Result srv_json(struct MHD_Connection *c, srv_req *q, int status, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL; /* 10.515, not 10.515000000000001 */
    json_decref(j);
    if (!text) return MHD_NO;
    size_t n = strlen(text);
    char *t = realloc(text, n + 2); /* one line, ending with a newline */
    if (!t) {
        free(text);
        return MHD_NO;
    }
    t[n] = '\n', t[n + 1] = 0;
    return queue(c, q, status, "application/json", t, n + 1);
}

enum MHD_Result srv_error(struct MHD_Connection *c, srv_req *q, int status, const char *pointer,
                          const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_pack("{s:i,s:s}", "status", status, "message", msg);
    if (e && pointer) json_object_set_new(e, "pointer", json_string(pointer));
    return srv_json(c, q, status, json_pack("{s:o}", "error", e));
}

/* ------------------------------------------------------------- metrics */

void srv_metrics_text(srv *s, FILE *f)
{
    fputs("# HELP relmark_requests_total Requests answered, by endpoint and status.\n"
          "# TYPE relmark_requests_total counter\n", f);
    for (int e = 0; e < EP_COUNT; e++)
        for (int k = 0; k < SRV_NSTATUS; k++) {
            unsigned long long n = __atomic_load_n(&s->req[e][k], __ATOMIC_RELAXED);
            if (n) fprintf(f, "relmark_requests_total{endpoint=\"%s\",status=\"%d\"} %llu\n", srv_ep_name[e],
                           srv_statuses[k], n);
        }
    fputs("# HELP relmark_request_seconds Time from a request's first byte to its answer.\n"
          "# TYPE relmark_request_seconds histogram\n", f);
    unsigned long long cum = 0;
    for (int b = 0; b < SRV_NBUCKETS; b++) {
        cum += __atomic_load_n(&s->lat[b], __ATOMIC_RELAXED);
        if (b == SRV_NBUCKETS - 1) fprintf(f, "relmark_request_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
        else fprintf(f, "relmark_request_seconds_bucket{le=\"%g\"} %llu\n", srv_buckets[b], cum);
    }
    pthread_mutex_lock(&s->log_mu);
    double sum = s->lat_sum_us / 1e6;
    unsigned long long cnt = s->lat_count;
    pthread_mutex_unlock(&s->log_mu);
    fprintf(f, "relmark_request_seconds_sum %.6f\nrelmark_request_seconds_count %llu\n", sum, cnt);
    fprintf(f, "# HELP relmark_rows_ingested_total Rows stored by POST /v1/transactions.\n"
               "# TYPE relmark_rows_ingested_total counter\nrelmark_rows_ingested_total %llu\n",
            __atomic_load_n(&s->rows_ingested, __ATOMIC_RELAXED));
    fprintf(f, "# HELP relmark_last_rescore_timestamp_seconds When the cut-offs and models were computed.\n"
               "# TYPE relmark_last_rescore_timestamp_seconds gauge\n"
               "relmark_last_rescore_timestamp_seconds %lld\n",
            (long long)__atomic_load_n(&s->last_rescore, __ATOMIC_RELAXED));
}

/* ------------------------------------------------------ the life of a request */

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    (void)c, (void)t;
    srv *s = cls;
    srv_req *q = *con_cls;
    if (!q) return;
    *con_cls = NULL;
    double sec = srv_now() - q->start;
    int k = SRV_NSTATUS - 2; /* 500 when no answer was queued */
    for (int i = 0; i < SRV_NSTATUS; i++)
        if (srv_statuses[i] == q->status) k = i;
    __atomic_fetch_add(&s->req[q->ep][k], 1, __ATOMIC_RELAXED);
    int b = 0;
    while (b < SRV_NBUCKETS - 1 && sec > srv_buckets[b]) b++;
    __atomic_fetch_add(&s->lat[b], 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&s->log_mu);
    s->lat_sum_us += sec * 1e6;
    s->lat_count++;
    if (s->log) {
        char at[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_t *j = json_pack("{s:s,s:s,s:s,s:i,s:f}", "time", at, "method", q->method, "path", q->path,
                              "status", q->status, "seconds", sec);
        char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (line) fprintf(s->log, "%s\n", line), fflush(s->log);
        free(line);
        json_decref(j);
    }
    pthread_mutex_unlock(&s->log_mu);
    __atomic_fetch_sub(&s->inflight, 1, __ATOMIC_SEQ_CST);
    free(q->body);
    free(q);
}

/* the body, kept up to --max-body; beyond it the request is answered 413 */
static void take_body(srv *s, srv_req *q, const char *data, size_t *size)
{
    if (q->too_big || q->len + *size > (size_t)s->o->srv.max_body) {
        q->too_big = 1;
        *size = 0;
        return;
    }
    if (q->len + *size + 1 > q->cap) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap < q->len + *size + 1) cap *= 2;
        char *p = realloc(q->body, cap);
        if (!p) {
            q->too_big = 1;
            *size = 0;
            return;
        }
        q->body = p, q->cap = cap;
    }
    memcpy(q->body + q->len, data, *size);
    q->len += *size;
    q->body[q->len] = 0;
    *size = 0;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *data, size_t *size, void **con_cls)
{
    (void)version;
    srv *s = cls;
    srv_req *q = *con_cls;
    if (!q) { /* the headers are in: a request starts */
        q = calloc(1, sizeof *q);
        if (!q) return MHD_NO;
        q->start = srv_now();
        q->ep = EP_OTHER;
        q->status = 500;
        snprintf(q->method, sizeof q->method, "%s", method);
        snprintf(q->path, sizeof q->path, "%s", url);
        __atomic_fetch_add(&s->inflight, 1, __ATOMIC_SEQ_CST);
        *con_cls = q;
        if (strlen(url) > SRV_MAX_URL) return srv_error(c, q, 414, NULL, "the URL is over %d bytes", SRV_MAX_URL);
        return MHD_YES;
    }
    if (*size) {
        take_body(s, q, data, size);
        return MHD_YES;
    }
    if (q->status != 500) return MHD_YES; /* answered already (414) */
    if (q->too_big)
        return srv_error(c, q, 413, NULL, "the body is over %d bytes (--max-body)", s->o->srv.max_body);
    return srv_route(s, c, q, method, url);
}

/* ------------------------------------------------------------ the tokens */

int srv_rescore(srv *s, char *err, size_t errlen)
{
    pthread_mutex_lock(&s->write_mu); /* no batch is stored while the state is rebuilt */
    rmk_live *fresh = NULL;
    rmk_status st = rmk_live_build(s->path, &fresh, err, errlen);
    if (!st) {
        pthread_rwlock_wrlock(&s->live_lock);
        rmk_live *old = s->live;
        s->live = fresh;
        pthread_rwlock_unlock(&s->live_lock);
        rmk_live_free(old);
        __atomic_store_n(&s->last_rescore, rmk_live_computed_at(fresh), __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&s->write_mu);
    return st ? rmk_status_exit_code(st) : 0;
}

/* ------------------------------------------------------------ the daemon */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *p = cap > (1u << 20) ? NULL : realloc(buf, cap);
            if (!p) {
                free(buf), fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t r = fread(buf + n, 1, 4096, f);
        n += r;
        if (r < 4096) break;
    }
    fclose(f);
    buf[n] = 0;
    return buf;
}

static int parse_listen(const char *v, struct sockaddr_in *a)
{
    char host[64];
    const char *colon = strrchr(v, ':');
    if (!colon || (size_t)(colon - v) >= sizeof host) return -1;
    memcpy(host, v, (size_t)(colon - v));
    host[colon - v] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) return -1;
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

static struct MHD_Daemon *start(srv *s, struct sockaddr_in *addr, char *cert, char *key)
{
    cli_opts *o = s->o;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (cert) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls[] = {{cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
                                   {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
                                   {MHD_OPTION_END, 0, NULL}};
    return MHD_start_daemon(flags, 0, NULL, NULL, access_cb, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->srv.threads,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->srv.max_conn,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->srv.timeout,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_HEADER_POOL,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                            MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
}

/* SIGTERM or SIGINT: stop accepting, let the requests in flight finish
 * (at most 30 s), stop; a rescore on the schedule meanwhile */
static void wait_for_signal(srv *s, struct MHD_Daemon *d, const sigset_t *set)
{
    double next = s->o->srv.rescore_every ? srv_now() + s->o->srv.rescore_every : 0;
    for (;;) {
        struct timespec t = {1, 0};
        int sig = sigtimedwait(set, NULL, &t);
        if (sig == SIGTERM || sig == SIGINT) break;
        if (next && srv_now() >= next) {
            char err[1024];
            if (srv_rescore(s, err, sizeof err)) cli_say("rescore failed: %s", err);
            next = srv_now() + s->o->srv.rescore_every;
        }
    }
    MHD_quiesce_daemon(d);
    double until = srv_now() + 30;
    while (__atomic_load_n(&s->inflight, __ATOMIC_SEQ_CST) > 0 && srv_now() < until) usleep(10000);
}

static int serve(srv *s, const sigset_t *set)
{
    cli_opts *o = s->o;
    struct sockaddr_in addr;
    if (parse_listen(o->srv.listen, &addr))
        return cli_bad(NULL, "listen", o->srv.listen, "IPv4ADDRESS:PORT, as 127.0.0.1:8080"), CLI_EX_USAGE;
    if (!o->srv.cert != !o->srv.key) return cli_error(CLI_EX_USAGE, "--cert and --key go together");
    char *cert = o->srv.cert ? slurp(o->srv.cert) : NULL, *key = o->srv.key ? slurp(o->srv.key) : NULL;
    if (o->srv.cert && (!cert || !key)) {
        free(cert), free(key);
        return cli_error(74, "%s: cannot read", !cert ? o->srv.cert : o->srv.key);
    }
    struct MHD_Daemon *d = start(s, &addr, cert, key);
    if (!d) {
        free(cert), free(key);
        return cli_error(74, "cannot serve on %s (the address in use, or a bad certificate or key)",
                         o->srv.listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
    if (!cli_quiet)
        fprintf(stderr, "relmark: serving %s on %s://%s:%u\n", s->path, cert ? "https" : "http", host,
                info ? info->port : ntohs(addr.sin_port));
    wait_for_signal(s, d, set);
    MHD_stop_daemon(d);
    free(cert), free(key);
    return 0;
}

static int run(cli_ctx *c)
{
    srv s;
    memset(&s, 0, sizeof s);
    s.path = c->path;
    s.o = c->o;
    /* the signals are taken by sigtimedwait only: blocked before any thread starts */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM), sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (access(c->path, F_OK)) return cli_error(66, "%s: no such workspace", c->path);
    rmk_status st = rmk_ws_open(c->path, 0, &s.ws, c->err, sizeof c->err);
    if (st) return cli_error(rmk_status_exit_code(st), "%s", c->err);
    if (!st) st = rmk_ws_tokens_load(s.ws, &s.tokens, c->err, sizeof c->err);
    /* s.ws stays open: the one writer connection, used under write_mu only
     * (a warm page cache for the row keys and customers of every batch) */
    s.tok_checked = srv_now();
    if (c->o->srv.log && !(s.log = fopen(c->o->srv.log, "a")))
        snprintf(c->err, sizeof c->err, "%s: cannot open the log", c->o->srv.log), st = RMK_ERR_IO;
    pthread_mutex_init(&s.write_mu, NULL);
    pthread_mutex_init(&s.tok_mu, NULL);
    pthread_mutex_init(&s.log_mu, NULL);
    pthread_rwlock_init(&s.live_lock, NULL);
    int rc = st ? cli_error(rmk_status_exit_code(st), "%s", c->err) : 0;
    if (!rc && (rc = srv_rescore(&s, c->err, sizeof c->err))) cli_say("%s", c->err);
    if (!rc) rc = serve(&s, &set);
    rmk_live_free(s.live);
    rmk_tokens_free(s.tokens);
    rmk_ws_close(s.ws);
    if (s.log) fclose(s.log);
    pthread_rwlock_destroy(&s.live_lock);
    pthread_mutex_destroy(&s.write_mu);
    pthread_mutex_destroy(&s.tok_mu);
    pthread_mutex_destroy(&s.log_mu);
    return rc;
}
