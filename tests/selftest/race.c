/* SPDX-License-Identifier: MIT */
/* race.c -- a deliberate data race: under ThreadSanitizer this program must
 * make its suite fail although it prints a passing summary line
 * (tests/selftest.sh race). */
#include <pthread.h>
#include <stdio.h>

static long counter; /* written by two threads without a lock: the race */

static void *bump(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) counter++;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, bump, NULL);
    pthread_create(&b, NULL, bump, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("race: 1 passed, 0 failed\n");
    return 0;
}
