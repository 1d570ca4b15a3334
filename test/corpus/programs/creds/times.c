/* The permission of truncate, ftruncate and utimensat. fs/open.c: vfs_truncate (write permission
 * on the inode, the owner included), do_sys_ftruncate (only the descriptor's FMODE_WRITE: no
 * permission check), fs/utimes.c: vfs_utimes, fs/attr.c: may_setattr (times NULL or both
 * UTIME_NOW: owner, CAP_FOWNER or write permission) and setattr_prepare (any other times: owner
 * or CAP_FOWNER, else EPERM). */
#include "creds.h"
#include <time.h>

int main(void) {
  int fd;
  struct timespec set[2] = {{1000000000, 0}, {1000000000, 0}};
  struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  struct timespec now_omit[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  make("mine", 0644, U1, U1);
  make("shared", 0666, U1, U1);
  make("ro", 0444, U1, U1);
  SYS(SYS_mkdir, "d", 0777);
  SYS(SYS_mknod, "p", S_IFIFO | 0666, 0);
  /* truncate: write permission, whoever owns it. */
  AS(U2, U2, {
    SYS(SYS_truncate, "mine", 0);                                  /* EACCES */
    SYS(SYS_truncate, "shared", 1);                                /* 0: not the owner */
    fd = SYS(SYS_open, "mine", O_RDONLY);
    SYS(SYS_ftruncate, fd, 0);                                     /* EINVAL: not open for writing */
    SYS(SYS_close, fd);
  });
  AS(U1, U1, {
    SYS(SYS_truncate, "ro", 0);                                    /* EACCES: the owner too */
    fd = SYS(SYS_open, "mine", O_WRONLY);
    SYS(SYS_chmod, "mine", 0444);
    SYS(SYS_ftruncate, fd, 2);                                     /* 0: the descriptor's write mode */
    SYS(SYS_truncate, "mine", 0);                                  /* EACCES: the name's */
    SYS(SYS_chmod, "mine", 0644);
  });
  SYS(SYS_truncate, "ro", 0);                                      /* root: CAP_DAC_OVERRIDE */
  SYS(SYS_truncate, "d", 0);                                       /* EISDIR */
  SYS(SYS_truncate, "p", 0);                                       /* EINVAL */
  SYS(SYS_truncate, "mine", (long)-1);                             /* EINVAL */
  /* utimensat: NULL (or both UTIME_NOW) needs write permission or ownership; explicit times need
   * ownership (or CAP_FOWNER); UTIME_NOW with UTIME_OMIT counts as explicit. */
  AS(U2, U2, {
    SYS(SYS_utimensat, AT_FDCWD, "shared", NULL, 0);               /* 0: writable */
    SYS(SYS_utimensat, AT_FDCWD, "shared", now, 0);                /* 0 */
    SYS(SYS_utimensat, AT_FDCWD, "shared", set, 0);                /* EPERM */
    SYS(SYS_utimensat, AT_FDCWD, "shared", now_omit, 0);           /* EPERM */
    SYS(SYS_utimensat, AT_FDCWD, "shared", omit, 0);               /* 0: both omitted, nothing checked */
    SYS(SYS_utimensat, AT_FDCWD, "mine", omit, 0);                 /* 0 */
    SYS(SYS_utimensat, AT_FDCWD, "none", omit, 0x200);             /* 0: not even the name or flags */
    SYS(SYS_utimensat, AT_FDCWD, "mine", NULL, 0);                 /* EACCES */
    SYS(SYS_utimensat, AT_FDCWD, "mine", set, 0);                  /* EPERM */
    SYS(SYS_utimensat, AT_FDCWD, "mine", bad, 0);                  /* EINVAL first */
    fd = SYS(SYS_open, "shared", O_RDONLY);
    SYS(SYS_utimensat, fd, NULL, NULL, 0);                         /* 0: the inode is writable */
    SYS(SYS_close, fd);
    fd = SYS(SYS_open, "mine", O_RDONLY);
    SYS(SYS_utimensat, fd, NULL, NULL, 0);                         /* EACCES: the inode is not */
    SYS(SYS_utimensat, fd, NULL, NULL, AT_SYMLINK_NOFOLLOW);       /* EINVAL: no flags with a NULL name */
    SYS(SYS_close, fd);
  });
  AS(U1, U1, {
    SYS(SYS_utimensat, AT_FDCWD, "ro", set, 0);                    /* 0: the owner */
    SYS(SYS_utimensat, AT_FDCWD, "ro", NULL, 0);                   /* 0: the owner, not writable */
  });
  SYS(SYS_utimensat, AT_FDCWD, "mine", set, 0);                    /* root: CAP_FOWNER */
  SYS(SYS_utimensat, AT_FDCWD, "mine", set, 0x200);                /* EINVAL */
  show("mine");
  return 0;
}
