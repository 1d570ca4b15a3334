/* A program started with fds 10 and 251 open besides 0-2, as under a job runner: fd allocation
 * must skip them (fs/file.c: alloc_fd takes the lowest free fd at or above the start), and the
 * replay has to infer them from the log. scripts/record-corpus.sh opens them for this program. */
#include "corpus.h"

int main(void) {
  char buf[8];
  int f = SYS(SYS_open, "f", O_CREAT | O_RDWR, 0644);    /* 3 */
  SYS(SYS_write, f, "abc", 3);
  SYS(SYS_fcntl, f, F_DUPFD, 10);                        /* 11: 10 is taken */
  SYS(SYS_fcntl, f, F_DUPFD, 251);                       /* 252: 251 is taken */
  SYS(SYS_read, 10, buf, sizeof buf);                    /* /dev/null: 0 (outside the model) */
  SYS(SYS_close, 251);                                   /* 0 */
  SYS(SYS_fcntl, f, F_DUPFD_CLOEXEC, 251);               /* 251 again */
  SYS(SYS_dup2, 10, 4);                                  /* 4, a copy of the inherited fd */
  SYS(SYS_close, 10);
  SYS(SYS_fcntl, f, F_DUPFD, 5);                         /* 5 */
  SYS(SYS_fcntl, f, F_DUPFD, 10);                        /* 10, free now */
  SYS(SYS_close, 10);
  SYS(SYS_close, 10);                                    /* EBADF */
  SYS(SYS_pread64, 11, buf, 3, 0);                       /* "abc" */
  SYS(SYS_exit_group, 0);
}
