/* chown, fchown, lchown, fchownat. fs/attr.c: chown_ok, chgrp_ok (the owner may set the uid it
 * already has and a group it is in; CAP_CHOWN anything), fs/open.c: chown_common (ATTR_KILL_SUID
 * and setattr_should_drop_sgid for every non-directory, whoever calls, even with -1 -1),
 * fs/attr.c: notify_change (the kill bits become a mode change, which setattr_prepare then
 * checks as a chmod). */
#include "creds.h"

int main(void) {
  int fd;
  gid_t g3[] = {G3};
  make("f", 0644, U1, U1);
  SYS(SYS_symlink, "f", "lnk");
  SYS(SYS_lchown, "lnk", U1, U1);
  /* Root: CAP_CHOWN. */
  SYS(SYS_chown, "f", U2, U2);
  SYS(SYS_chown, "f", U1, -1);                                     /* -1: the group stays */
  SYS(SYS_chown, "f", -1, G3);
  show("f");
  SYS(SYS_chown, "f", U1, U1);
  SYS(SYS_chown, "none", 0, 0);                                    /* ENOENT */
  AS(U1, U1, {
    SYS(SYS_chown, "f", U2, -1);                                   /* EPERM: giving it away */
    SYS(SYS_chown, "f", U1, -1);                                   /* 0: the uid it has */
    SYS(SYS_chown, "f", -1, U1);                                   /* 0: the gid it has */
    SYS(SYS_chown, "f", -1, G3);                                   /* EPERM: not in 1002 */
    SYS(SYS_chown, "f", -1, -1);                                   /* 0 */
    SYS(SYS_chown, "f", U1, U1);
    SYS(SYS_lchown, "lnk", -1, -1);                                /* the symlink, owned by 1000 */
    SYS(SYS_fchownat, AT_FDCWD, "lnk", -1, U1, AT_SYMLINK_NOFOLLOW);
    SYS(SYS_fchownat, AT_FDCWD, "f", -1, -1, 0x200);               /* EINVAL */
    fd = SYS(SYS_open, "f", O_RDONLY);
    SYS(SYS_fchown, fd, -1, U1);
    SYS(SYS_fchown, fd, U2, -1);                                   /* EPERM */
    SYS(SYS_close, fd);
    fd = SYS(SYS_open, "f", O_PATH);
    SYS(SYS_fchown, fd, -1, -1);                                   /* EBADF: O_PATH */
    SYS(SYS_fchownat, fd, "", -1, U1, AT_EMPTY_PATH);              /* 0 through an O_PATH fd */
  });
  AS_GROUPS(U1, U1, 1, g3, {
    SYS(SYS_chown, "f", -1, G3);                                   /* in 1002: 0 */
    SYS(SYS_chown, "f", -1, U1);                                   /* back: 1000 is its fsgid */
  });
  AS(U2, U2, {
    SYS(SYS_chown, "f", U2, -1);                                   /* EPERM: not the owner */
    SYS(SYS_chown, "f", -1, U1);                                   /* EPERM: the same gid, not the owner */
    SYS(SYS_chown, "f", -1, -1);                                   /* 0: nothing to check */
    SYS(SYS_lchown, "lnk", -1, -1);
  });
  /* Set-id bits on chown of a regular file: S_ISUID always goes, even for root; S_ISGID goes when
   * group-executable, and otherwise only when the caller is neither in the file's group nor has
   * CAP_FSETID; a directory keeps both, any other type loses them as a file does. */
  make("s1", 06755, U1, U1);
  SYS(SYS_chown, "s1", U2, U2);
  show("s1");                                                      /* 0755 */
  make("s2", 06745, U1, U1);
  SYS(SYS_chown, "s2", U2, U2);
  show("s2");                                                      /* 02745 */
  make("s3", 06755, U1, U1);
  SYS(SYS_chown, "s3", -1, -1);
  show("s3");                                                      /* root, -1 -1: 0755 */
  make("s4", 06745, U1, U1);
  AS(U1, U1, { SYS(SYS_chown, "s4", -1, -1); });
  show("s4");                                                      /* 02745: in group 1000 */
  make("s5", 02745, U1, G3);
  AS(U1, U1, { SYS(SYS_chown, "s5", -1, U1); });
  show("s5");                                                      /* 0745: not in 1002 */
  make("s6", 04755, U1, U1);
  AS(U2, U2, { SYS(SYS_chown, "s6", -1, -1); });                   /* EPERM: a mode change */
  show("s6");
  make("s7", 02755, U1, U1);
  AS(U2, U2, { SYS(SYS_chown, "s7", -1, -1); });                   /* EPERM */
  show("s7");
  make("s8", 02745, U1, U1);
  AS(U2, U2, { SYS(SYS_chown, "s8", -1, -1); });                   /* EPERM: not in 1000 */
  show("s8");
  SYS(SYS_mkdir, "sd", 0755);
  SYS(SYS_chmod, "sd", 07755);
  SYS(SYS_chown, "sd", U1, U1);
  show("sd");                                                      /* 07755 */
  SYS(SYS_mknod, "p", S_IFIFO | 0644, 0);
  SYS(SYS_chmod, "p", 06755);
  SYS(SYS_chown, "p", U1, U1);
  show("p");                                                       /* a fifo too: 0755 */
  return 0;
}
