/* SPDX-License-Identifier: MIT */
/* serve.h — shared by cli/serve.c (the daemon, its options, limits,
 * metrics and log) and cli/serve_api.c (the endpoints): HTTP glue only,
 * every number comes from the library's live state (rmk_live). */
#ifndef RMK_CLI_SERVE_H
#define RMK_CLI_SERVE_H
#include "cli.h"
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>

/* Limits (docs/api.md, "Limits") */
#define SRV_MAX_URL 2048       /* bytes of the request target */
#define SRV_MAX_DEPTH 8        /* JSON nesting */
#define SRV_MAX_ROWS 10000     /* rows of one batch */
#define SRV_MAX_LIMIT 1000     /* customers of one page */
#define SRV_HEADER_POOL 32768  /* bytes of the request line and headers (MHD's pool) */
#define SRV_SAT_MIN 1          /* the satisfaction scale of posted answers: the one */
#define SRV_SAT_MAX 5          /* the rescore reads feedback with (the report's) */

/* the endpoints, for the metrics */
enum { EP_HEALTH, EP_CUSTOMER, EP_CUSTOMERS, EP_SEGMENTS, EP_METRICS, EP_TRANSACTIONS, EP_RESCORE,
       EP_REPORT, EP_FEEDBACK, EP_ALERTS, EP_DASHBOARD, EP_OTHER, EP_COUNT };
extern const char *const srv_ep_name[EP_COUNT];
#define SRV_NSTATUS 13
extern const int srv_statuses[SRV_NSTATUS];
#define SRV_NBUCKETS 12
extern const double srv_buckets[SRV_NBUCKETS]; /* seconds; the last is +Inf */

typedef struct srv {
    const char *path;        /* the workspace */
    cli_opts *o;
    rmk_ws *ws;              /* the writer connection, open while serving; used under write_mu */
    pthread_mutex_t write_mu;
    pthread_rwlock_t live_lock;
    rmk_live *live;          /* under live_lock */
    pthread_mutex_t tok_mu;
    rmk_tokens *tokens;      /* under tok_mu */
    double tok_checked;      /* monotonic seconds */
    /* metrics: atomics */
    unsigned long long req[EP_COUNT][SRV_NSTATUS];
    unsigned long long lat[SRV_NBUCKETS];
    double lat_sum_us;       /* under log_mu */
    unsigned long long lat_count, rows_ingested;
    int64_t last_rescore;
    int inflight;
    FILE *log;
    pthread_mutex_t log_mu;
} srv;

/* one request: what the completion callback logs and counts */
typedef struct srv_req {
    int ep, status;
    double start;            /* monotonic seconds */
    char *body;
    size_t len, cap;
    int too_big;
    char method[8];
    char path[256];
} srv_req;

double srv_now(void);
/* the answer: JSON (takes the reference), or an error body */
enum MHD_Result srv_json(struct MHD_Connection *c, srv_req *q, int status, json_t *j);
enum MHD_Result srv_error(struct MHD_Connection *c, srv_req *q, int status, const char *pointer,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
enum MHD_Result srv_text(struct MHD_Connection *c, srv_req *q, int status, const char *type,
                         char *text, size_t len); /* takes text (malloc'ed) */
/* the routes of /v1 (serve_api.c) */
enum MHD_Result srv_route(srv *s, struct MHD_Connection *c, srv_req *q, const char *method,
                          const char *url);
/* rebuild the live state from the workspace; 0, or the exit code after the message */
int srv_rescore(srv *s, char *err, size_t errlen);
void srv_metrics_text(srv *s, FILE *f);
/* j with the live state's as_of and computed_at (under live_lock) */
json_t *srv_stamped(const rmk_live *l, json_t *j);
enum MHD_Result srv_post_transactions(srv *s, struct MHD_Connection *c, srv_req *q);
enum MHD_Result srv_post_feedback(srv *s, struct MHD_Connection *c, srv_req *q);
/* GET /: the dashboard page (serve_dash.c) */
enum MHD_Result srv_dashboard(srv *s, struct MHD_Connection *c, srv_req *q);
const char *srv_dashboard_csp(void); /* its Content-Security-Policy header */
#endif
