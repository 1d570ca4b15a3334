/* access, faccessat and faccessat2 (fs/open.c: do_faccessat): the mode and flag checks, the lookup
 * (trailing symlinks, AT_EMPTY_PATH), root's and another uid's permission, an unlinked file through
 * its fd and its /proc link, read-only mounts and superblocks, and a noexec mount. The setuid case
 * (real and effective uid differing) and the immutable flag are left out: the model keeps one uid
 * per task and has no ioctl (test/ops/access.test.ts states them). */
#include "corpus.h"

int main(void) {
  SYS(SYS_mkdir, "d", 0755);
  int fd = SYS(SYS_open, "f", O_RDWR | O_CREAT, 0644);             /* 3 */
  SYS(SYS_close, SYS(SYS_open, "x0", O_RDWR | O_CREAT, 0000));
  SYS(SYS_close, SYS(SYS_open, "x100", O_RDWR | O_CREAT, 0100));
  SYS(SYS_close, SYS(SYS_open, "x001", O_RDWR | O_CREAT, 0001));
  SYS(SYS_mkdir, "d0", 0);
  SYS(SYS_symlink, "nowhere", "dangling");
  SYS(SYS_symlink, "f", "lf");
  SYS(SYS_mknod, "p", S_IFIFO | 0644, 0);
  /* The mode and the flags are checked before the name is looked at. */
  SYS(SYS_access, "none", 8);                                      /* EINVAL */
  SYS(SYS_access, "f", -1);                                        /* EINVAL */
  SYS(SYS_faccessat, AT_FDCWD, "f", 0x10);                         /* EINVAL */
  SYS(SYS_faccessat2, AT_FDCWD, "none", F_OK, AT_SYMLINK_FOLLOW);  /* EINVAL */
  SYS(SYS_faccessat2, AT_FDCWD, "f", F_OK, 0x10000);               /* EINVAL */
  SYS(SYS_faccessat2, AT_FDCWD, "f", R_OK | W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
  /* The lookup. */
  SYS(SYS_access, "none", F_OK);                                   /* ENOENT */
  SYS(SYS_access, "dangling", F_OK);                               /* ENOENT: followed */
  SYS(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW);
  SYS(SYS_access, "", F_OK);                                       /* ENOENT */
  SYS(SYS_faccessat2, AT_FDCWD, "", F_OK, AT_EMPTY_PATH);          /* the cwd */
  SYS(SYS_faccessat2, fd, "", R_OK | W_OK, AT_EMPTY_PATH);
  SYS(SYS_faccessat, fd, "", F_OK);                                /* ENOENT: no flags */
  SYS(SYS_faccessat, fd, "x", F_OK);                               /* ENOTDIR */
  SYS(SYS_faccessat, 99, "x", F_OK);                               /* EBADF */
  SYS(SYS_access, "f/", F_OK);                                     /* ENOTDIR */
  SYS(SYS_access, "d/", W_OK);
  /* Root: read and write whatever the bits; X_OK on a non-directory needs an exec bit. */
  SYS(SYS_access, "x0", R_OK | W_OK);
  SYS(SYS_access, "x0", X_OK);                                     /* EACCES */
  SYS(SYS_access, "f", X_OK);                                      /* EACCES */
  SYS(SYS_access, "x100", X_OK);
  SYS(SYS_access, "x001", X_OK);
  SYS(SYS_access, "d0", R_OK | W_OK | X_OK);
  SYS(SYS_access, "p", X_OK);                                      /* EACCES */
  SYS(SYS_access, "p", R_OK | W_OK);
  SYS(SYS_faccessat2, AT_FDCWD, "lf", X_OK, AT_SYMLINK_NOFOLLOW);  /* the link is 0777 */
  AS_USER({
    SYS(SYS_access, "x0", F_OK);
    SYS(SYS_access, "x0", R_OK);                                   /* EACCES */
    SYS(SYS_access, "f", R_OK);
    SYS(SYS_access, "f", W_OK);                                    /* EACCES */
    SYS(SYS_access, "x100", X_OK);                                 /* EACCES: owner's bit */
    SYS(SYS_access, "x001", X_OK);
    SYS(SYS_access, "d0/q", F_OK);                                 /* EACCES: search */
    SYS(SYS_faccessat2, AT_FDCWD, "x0", R_OK, AT_EACCESS);         /* EACCES */
  });
  /* An unlinked file, through its fd and its /proc link. */
  SYS(SYS_unlink, "f");
  SYS(SYS_access, "f", F_OK);                                      /* ENOENT */
  SYS(SYS_access, "lf", F_OK);                                     /* ENOENT */
  SYS(SYS_faccessat2, fd, "", R_OK | W_OK, AT_EMPTY_PATH);
  SYS(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH);                /* EACCES */
  SYS(SYS_access, "/proc/self/fd/3", R_OK | W_OK);
  SYS(SYS_faccessat, AT_FDCWD, "/proc/self/fd/3", X_OK);           /* EACCES */
  SYS(SYS_faccessat2, AT_FDCWD, "/proc/self/fd/3", F_OK, AT_SYMLINK_NOFOLLOW);
  SYS(SYS_access, "/proc/self/fd/9", F_OK);                        /* ENOENT */
  /* A read-only bind mount: W_OK is EROFS for a file, a directory, a symlink; not for a fifo. */
  SYS(SYS_mkdir, "m", 0755);
  SYS(SYS_close, SYS(SYS_open, "m/g", O_RDWR | O_CREAT, 0644));
  SYS(SYS_mkdir, "m/e", 0755);
  SYS(SYS_symlink, "g", "m/lg");
  SYS(SYS_mknod, "m/p", S_IFIFO | 0644, 0);
  SYS(SYS_mkdir, "b", 0755);
  SYS(SYS_mount, "m", "b", NULL, MS_BIND, NULL);
  SYS(SYS_mount, NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
  SYS(SYS_access, "b/g", W_OK);                                    /* EROFS */
  SYS(SYS_access, "b/g", R_OK);
  SYS(SYS_access, "b/e", W_OK);                                    /* EROFS */
  SYS(SYS_faccessat2, AT_FDCWD, "b/lg", W_OK, AT_SYMLINK_NOFOLLOW); /* EROFS */
  SYS(SYS_access, "b/p", W_OK);
  AS_USER({
    SYS(SYS_access, "b/g", W_OK);                                  /* EACCES: the bits first */
  });
  SYS(SYS_umount2, "b", 0);
  /* A read-only superblock: EROFS before the bits (sb_permission); a fifo is still asked. */
  SYS(SYS_mkdir, "t", 0755);
  SYS(SYS_mount, "none", "t", "tmpfs", 0, "mode=0755");
  SYS(SYS_close, SYS(SYS_open, "t/g", O_RDWR | O_CREAT, 0644));
  SYS(SYS_mknod, "t/p", S_IFIFO | 0644, 0);
  SYS(SYS_mount, NULL, "t", NULL, MS_REMOUNT | MS_RDONLY, NULL);
  SYS(SYS_access, "t/g", W_OK);                                    /* EROFS */
  SYS(SYS_access, "t", W_OK);                                      /* EROFS */
  SYS(SYS_access, "t/p", W_OK);
  AS_USER({
    SYS(SYS_access, "t/g", W_OK);                                  /* EROFS */
    SYS(SYS_access, "t/p", W_OK);                                  /* EACCES */
  });
  SYS(SYS_umount2, "t", 0);
  /* noexec: X_OK on a regular file is EACCES even for root; a directory and a fifo by their bits. */
  SYS(SYS_mkdir, "n", 0755);
  SYS(SYS_mount, "none", "n", "tmpfs", MS_NOEXEC, "mode=0755");
  SYS(SYS_close, SYS(SYS_open, "n/x", O_RDWR | O_CREAT, 0755));
  SYS(SYS_mknod, "n/p", S_IFIFO | 0755, 0);
  SYS(SYS_access, "n/x", X_OK);                                    /* EACCES */
  SYS(SYS_access, "n/x", R_OK);
  SYS(SYS_access, "n/p", X_OK);
  SYS(SYS_access, "n", X_OK);
  SYS(SYS_umount2, "n", 0);
  return 0;
}
