/* stat, lstat, fstat, newfstatat and statx on each kind of file, and their errnos. */
#include "corpus.h"
#include <linux/stat.h>

int main(void) {
  struct stat st;
  struct statx stx;
  int fd = SYS(SYS_open, "f", O_CREAT | O_RDWR, 0640);
  SYS(SYS_write, fd, "abc", 3);
  SYS(SYS_mkdir, "d", 0750);
  SYS(SYS_mkdir, "d/sub", 0700);
  SYS(SYS_symlink, "f", "l");
  SYS(SYS_mknod, "p", S_IFIFO | 0600, 0);
  SYS(SYS_stat, "f", &st);
  SYS(SYS_stat, "d", &st);
  SYS(SYS_stat, "l", &st);
  SYS(SYS_lstat, "l", &st);
  SYS(SYS_stat, "p", &st);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_newfstatat, AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW);
  SYS(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
  SYS(SYS_newfstatat, AT_FDCWD, "f", &st, 0x8000);               /* EINVAL */
  SYS(SYS_statx, AT_FDCWD, "f", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, &stx);
  SYS(SYS_statx, AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx);
  SYS(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx);
  SYS(SYS_statx, AT_FDCWD, "f", 0, 0x80000000U, &stx);            /* EINVAL */
  SYS(SYS_stat, "missing", &st);                                  /* ENOENT */
  SYS(SYS_stat, "f/", &st);                                       /* ENOTDIR */
  SYS(SYS_stat, "f/x", &st);                                      /* ENOTDIR */
  SYS(SYS_stat, "d/sub/../..", &st);
  SYS(SYS_stat, "./d/./sub", &st);
  SYS(SYS_stat, "", &st);                                         /* ENOENT */
  SYS(SYS_fstat, 99, &st);                                        /* EBADF */
  SYS(SYS_link, "f", "f2");
  SYS(SYS_stat, "f", &st);
  SYS(SYS_unlink, "f");
  SYS(SYS_unlink, "f2");
  SYS(SYS_fstat, fd, &st);                                        /* st_nlink 0 */
  SYS(SYS_stat, "/proc/self/fd/3", &st);
  SYS(SYS_lstat, "/proc/self/fd/3", &st);
  SYS(SYS_close, fd);
  AS_USER({ SYS(SYS_stat, "d/sub/x", &st); });                    /* EACCES */
  return 0;
}
