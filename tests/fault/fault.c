/* SPDX-License-Identifier: MIT */
/* fault.c — an LD_PRELOAD shim that makes relmark's write(2) and read(2)
 * calls fail, come up short, or be interrupted by a signal, at a chosen call
 * (tests/fault.sh). Only a process named "relmark" is touched: the shells
 * of the test run through the same environment.
 *
 * Environment (all optional; a count is of the calls to fds above 2, from 1):
 *   FAULT_WRITE_AT=N    the N-th write fails with FAULT_ERRNO (ENOSPC, EIO;
 *                       default ENOSPC), or raises FAULT_SIGNAL instead
 *   FAULT_SIGNAL=S      INT, TERM, HUP or KILL, raised at the N-th write
 *                       (its bytes not written)
 *   FAULT_SHORT=1       every write and read moves at most 1..7 bytes
 *                       (cycling), as a slow pipe or a signal would allow
 *   FAULT_READ_AT=N     the N-th read fails with EIO
 *   FAULT_LOG=FILE      at exit, "writes N reads M" (the calls counted)
 * relmark writes -o through write(2) itself (cli/out.c), so every write of
 * the output is a call here; stdout goes through stdio, which calls the C
 * library's own write and is not seen (/dev/full and closed pipes test it). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_read)(int, void *, size_t);
static long writes, reads, write_at, read_at, shortcut;
static int fail_errno = ENOSPC, fault_signal, active;
static const char *log_path;

static long env_long(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : 0;
}

static void report(void)
{
    if (!log_path) return;
    FILE *f = fopen(log_path, "w");
    if (!f) return;
    fprintf(f, "writes %ld reads %ld\n", writes, reads);
    fclose(f);
}

__attribute__((constructor)) static void init(void)
{
    real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    active = strcmp(program_invocation_short_name, "relmark") == 0;
    if (!active) return;
    write_at = env_long("FAULT_WRITE_AT");
    read_at = env_long("FAULT_READ_AT");
    shortcut = env_long("FAULT_SHORT");
    const char *e = getenv("FAULT_ERRNO");
    if (e && !strcmp(e, "EIO")) fail_errno = EIO;
    const char *s = getenv("FAULT_SIGNAL");
    if (s && *s)
        fault_signal = !strcmp(s, "INT") ? SIGINT : !strcmp(s, "TERM") ? SIGTERM
                     : !strcmp(s, "HUP") ? SIGHUP : !strcmp(s, "KILL") ? SIGKILL : 0;
    log_path = getenv("FAULT_LOG");
    if (log_path && *log_path) atexit(report);
    else log_path = NULL;
}

/* 1..7 bytes, cycling: a short transfer that is never 0 */
static size_t short_len(size_t n, long calls)
{
    size_t k = (size_t)(calls % 7) + 1;
    return n < k ? n : k;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (!active || fd <= 2) return real_write(fd, buf, n);
    writes++;
    if (write_at && writes == write_at) {
        if (fault_signal) {
            if (fault_signal == SIGKILL) report(); /* no atexit after a KILL */
            raise(fault_signal);
        }
        errno = fail_errno;
        return -1;
    }
    return real_write(fd, buf, shortcut ? short_len(n, writes) : n);
}

ssize_t read(int fd, void *buf, size_t n)
{
    if (!active || fd <= 2) return real_read(fd, buf, n);
    reads++;
    if (read_at && reads == read_at) {
        errno = EIO;
        return -1;
    }
    return real_read(fd, buf, shortcut ? short_len(n, reads) : n);
}
