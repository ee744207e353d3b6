/* SPDX-License-Identifier: MIT */
/* par.c — two independent pieces of work side by side (par.h). */
#include "par.h"
#include <pthread.h>
#include <unistd.h>

typedef struct par_task {
    void (*f)(void *);
    void *ctx;
} par_task;

static void *par_run(void *arg)
{
    const par_task *t = arg;
    t->f(t->ctx);
    return NULL;
}

void par_both(void (*a)(void *), void *ca, void (*b)(void *), void *cb, int threads)
{
    par_task ta = {a, ca};
    pthread_t tid;
    if (threads == 0 && sysconf(_SC_NPROCESSORS_ONLN) < 2) threads = 1;
    if (threads != 1 && pthread_create(&tid, NULL, par_run, &ta) == 0) {
        b(cb);
        pthread_join(tid, NULL);
        return;
    }
    a(ca);
    b(cb);
}
