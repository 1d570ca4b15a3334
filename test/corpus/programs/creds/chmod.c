/* chmod, fchmod, fchmodat, fchmodat2 and the umask at creation. fs/open.c: chmod_common,
 * fs/attr.c: setattr_prepare (owner or CAP_FOWNER; S_ISGID dropped when the caller is neither in
 * the file's group nor CAP_FSETID), fs/attr.c: notify_change (a symlink's mode: EOPNOTSUPP),
 * fs/namei.c: vfs_prepare_mode (umask). uid 1000 owns f; 1001 is another user. */
#include "creds.h"

int main(void) {
  int fd;
  char path[64];
  gid_t g3[] = {G3};
  make("f", 0644, U1, U1);
  make("g", 0644, U1, G3);   /* owned by 1000, group 1002 (which 1000 is not in) */
  SYS(SYS_mkdir, "d", 0755);
  SYS(SYS_chown, "d", U1, G3);
  SYS(SYS_symlink, "f", "lnk");
  SYS(SYS_mkdir, "closed", 0700);
  make("closed/x", 0644, U1, U1);
  /* Root: CAP_FOWNER for any file; bits beyond 07777 are ignored. */
  SYS(SYS_chmod, "f", 0600);
  SYS(SYS_chmod, "f", 0170644);
  show("f");
  SYS(SYS_chmod, "g", 02755);                                      /* root not in 1002: CAP_FSETID keeps it */
  show("g");
  SYS(SYS_chmod, "none", 0644);                                    /* ENOENT */
  AS(U1, U1, {
    SYS(SYS_chmod, "f", 0640);                                     /* the owner */
    SYS(SYS_chmod, "f", 04755);                                    /* the owner may set S_ISUID */
    show("f");
    SYS(SYS_chmod, "f", 01644);                                    /* and the sticky bit on a file */
    show("f");
    SYS(SYS_chmod, "g", 02755);                                    /* 0: S_ISGID silently dropped */
    show("g");
    SYS(SYS_chmod, "d", 02755);                                    /* a directory too */
    show("d");
    SYS(SYS_chmod, "f", 02755);                                    /* own group 1000: kept */
    show("f");
    SYS(SYS_chmod, "closed/x", 0600);                              /* EACCES: search */
    fd = SYS(SYS_open, "f", O_RDONLY);
    SYS(SYS_fchmod, fd, 0644);                                     /* no write access needed */
    SYS(SYS_fchmodat, AT_FDCWD, "f", 0640);
  });
  AS_GROUPS(U1, U1, 1, g3, {
    SYS(SYS_chmod, "g", 02755);                                    /* in 1002 now: kept */
    show("g");
  });
  AS(U2, U2, {
    SYS(SYS_chmod, "f", 0777);                                     /* EPERM */
    fd = SYS(SYS_open, "g", O_RDONLY);                             /* g is 02755: readable */
    SYS(SYS_fchmod, fd, 0777);                                     /* EPERM: a descriptor gives no ownership */
    SYS(SYS_fchmodat, AT_FDCWD, "lnk", 0777);                      /* EPERM: followed to f */
  });
  /* Symlinks: chmod follows; fchmodat has no flags argument (a fourth is ignored); fchmodat2
   * (6.6) takes AT_SYMLINK_NOFOLLOW and refuses a symlink's mode, as chmod of an O_PATH fd's
   * /proc link to the symlink does. */
  SYS(SYS_chmod, "lnk", 0600);
  show("f");
  show("lnk");
  SYS(SYS_fchmodat, AT_FDCWD, "lnk", 0640, AT_SYMLINK_NOFOLLOW);   /* follows all the same */
  show("f");
  SYS(SYS_fchmodat2, AT_FDCWD, "lnk", 0600, AT_SYMLINK_NOFOLLOW);  /* EOPNOTSUPP; 6.1: ENOSYS */
  SYS(SYS_fchmodat2, AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW);    /* a regular file: 0 */
  SYS(SYS_fchmodat2, AT_FDCWD, "f", 0600, 0x200);                  /* EINVAL */
  fd = SYS(SYS_open, "lnk", O_PATH | O_NOFOLLOW);
  SYS(SYS_fchmod, fd, 0600);                                       /* EBADF: O_PATH */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  SYS(SYS_chmod, path, 0600);                                      /* EOPNOTSUPP */
  SYS(SYS_fchmodat2, fd, "", 0600, AT_EMPTY_PATH);                 /* EOPNOTSUPP */
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "f", O_PATH);
  SYS(SYS_fchmodat2, fd, "", 0644, AT_EMPTY_PATH);                 /* 0 through an O_PATH fd */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  SYS(SYS_chmod, path, 0644);                                      /* the same through /proc */
  show("lnk");
  /* umask: applied to open(O_CREAT), mkdir, mknod, O_TMPFILE; set-id bits pass open's mode. */
  SYS(SYS_umask, 027);
  SYS(SYS_close, SYS(SYS_open, "u-creat", O_CREAT | O_WRONLY, 0666));
  show("u-creat");
  SYS(SYS_close, SYS(SYS_open, "u-sxid", O_CREAT | O_WRONLY, 06777));
  show("u-sxid");
  SYS(SYS_mkdir, "u-dir", 0777);
  show("u-dir");
  SYS(SYS_mkdir, "u-dir-sxid", 07777);                             /* mkdir keeps only the sticky bit */
  show("u-dir-sxid");
  SYS(SYS_mknod, "u-fifo", S_IFIFO | 0666, 0);
  show("u-fifo");
  SYS(SYS_mknod, "u-reg", S_IFREG | 0666, 0);
  show("u-reg");
  fd = SYS(SYS_open, ".", O_TMPFILE | O_RDWR, 0666);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "u-tmp", AT_EMPTY_PATH);
  show("u-tmp");
  SYS(SYS_umask, 0777777);                                         /* returns 027; keeps 0777 */
  SYS(SYS_umask, 022);
  AS(U1, U1, {
    SYS(SYS_umask, 0);
    SYS(SYS_mknod, "d/fifo", S_IFIFO | 0666, 0);                   /* a fifo needs no capability */
    SYS(SYS_mknod, "d/chr", S_IFCHR | 0600, 0x0103);               /* EPERM: CAP_MKNOD */
  });
  return 0;
}
