/* SPDX-License-Identifier: MIT */
/* test_ws_locks.c — reading a workspace while this process holds it open
 * (relmark serve rebuilds its book from the workspace it writes through)
 * must keep SQLite's locks: POSIX locks belong to the process, and closing
 * ANY descriptor of the file drops them all, and another process may then
 * take the file as unused (a close that checkpoints and deletes the WAL, an
 * EXCLUSIVE lock) while this connection still reads it. */
#include "relmark.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

void test_ws_probe_keeps_locks(void)
{
    char dir[] = "/tmp/relmark-locks-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char csv[128], path[128], wal[140];
    snprintf(csv, sizeof csv, "%s/o.csv", dir);
    snprintf(path, sizeof path, "%s/w.relmark", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    FILE *f = fopen(csv, "w");
    fputs("customer,date,amount\nA,2026-01-05,10\nB,2026-02-01,20\nA,2026-03-01,5\n", f);
    fclose(f);

    char err[512];
    rmk_ws *ws = NULL;
    rmk_ws_import_result res;
    CHECK(!rmk_ws_open(path, 0, &ws, err, sizeof err), "open: %s", err);
    CHECK(!rmk_ws_import(ws, csv, NULL, NULL, NULL, &res, err, sizeof err), "import: %s", err);
    CHECK(access(wal, F_OK) == 0, "the open connection has a WAL");

    /* this process reads the workspace again, as serve's rescore does */
    rmk_book *b = NULL;
    CHECK(!rmk_book_read(path, NULL, NULL, &b, err, sizeof err), "book: %s", err);
    rmk_book_free(b);

    /* another process asks whether anyone holds a lock on the file: this
     * process's open connection does (SQLite's SHARED lock of WAL mode) */
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        if (fd < 0 || fcntl(fd, F_GETLK, &fl)) _exit(2);
        _exit(fl.l_type == F_UNLCK ? 1 : 0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the open connection's lock survived the read (child exit %d)", WEXITSTATUS(status));
    rmk_ws_close(ws);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
}
