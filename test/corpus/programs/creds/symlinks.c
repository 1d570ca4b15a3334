/* fs.protected_symlinks (fs/namei.c: may_follow_link), set here through /proc/sys and put back by
 * scripts/record-creds.sh: a trailing symlink (the path's last component, or the last of a
 * trailing link's body; not one met on the way) in a sticky, world-writable directory is followed
 * only by its owner or when the directory's owner owns it; else EACCES, for root too. Then two
 * cases of may_create_in_sticky the protected.c program does not show: an O_CREAT|O_NOFOLLOW open
 * of another's symlink in such a directory (EACCES whatever protected_fifos and protected_regular
 * are: neither lets a symlink through), and the directory it asks about when the open follows a
 * trailing symlink (the one the file is in). */
#include "creds.h"

#define SYMLINKS "/proc/sys/fs/protected_symlinks"
#define FIFOS "/proc/sys/fs/protected_fifos"
#define REGULAR "/proc/sys/fs/protected_regular"

static void lnk(const char *target, const char *path, uid_t uid) {
  SYS(SYS_symlink, target, path);
  SYS(SYS_lchown, path, uid, uid);
}

int main(void) {
  struct stat st;
  char buf[64];
  char cwd[256];
  char abs[320];
  SYS(SYS_getcwd, cwd, sizeof cwd);
  SYS(SYS_mkdir, "t", 0755);
  SYS(SYS_chmod, "t", 01777);                                      /* root's, like /tmp */
  SYS(SYS_mkdir, "d", 0755);                                       /* root's, plain */
  SYS(SYS_mkdir, "s2", 0755);
  SYS(SYS_chmod, "s2", 01777);
  SYS(SYS_chown, "s2", U2, U2);                                    /* 1001's sticky directory */
  SYS(SYS_mkdir, "g", 0755);
  SYS(SYS_chmod, "g", 01770);                                      /* sticky, group-writable only */
  SYS(SYS_chown, "g", 0, U1);
  make("t/f", 0666, U2, U2);
  make("d/x", 0666, 0, 0);
  lnk("f", "t/l1001", U2);
  snprintf(abs, sizeof abs, "%s/d", cwd);
  lnk(abs, "t/dl1001", U2);                                        /* a directory link */
  lnk("f", "t/lroot", 0);                                          /* the directory owner's */
  snprintf(abs, sizeof abs, "%s/t/l1001", cwd);
  lnk(abs, "d/toL", 0);                                            /* its body ends at t/l1001 */
  snprintf(abs, sizeof abs, "%s/t/dl1001/x", cwd);
  lnk(abs, "d/via", 0);                                            /* t/dl1001 on the way */
  snprintf(abs, sizeof abs, "%s/t/dl1001", cwd);
  lnk(abs, "d/m", 0);
  lnk("x", "s2/l1001", U2);                                        /* owned as its directory */
  snprintf(abs, sizeof abs, "%s/d/x", cwd);
  lnk(abs, "s2/lroot", 0);
  lnk(abs, "g/l1001", U2);

  sysctl(SYMLINKS, "1");
  AS(U1, U1, {
    SYS(SYS_stat, "t/l1001", &st);                                 /* EACCES */
    SYS(SYS_open, "t/l1001", O_RDONLY);                            /* EACCES */
    SYS(SYS_open, "t/l1001", O_RDWR | O_CREAT, 0666);              /* EACCES */
    SYS(SYS_chmod, "t/l1001", 0666);                               /* EACCES */
    SYS(SYS_lstat, "t/l1001", &st);                                /* 0: not followed */
    SYS(SYS_readlink, "t/l1001", buf, sizeof buf);                 /* 1 */
    SYS(SYS_stat, "t/lroot", &st);                                 /* 0: the directory owner's */
    SYS(SYS_stat, "s2/l1001", &st);                                /* ENOENT: followed, to nothing */
    SYS(SYS_stat, "s2/lroot", &st);                                /* EACCES */
    SYS(SYS_stat, "t/dl1001/x", &st);                              /* 0: met on the way */
    SYS(SYS_stat, "t/dl1001", &st);                                /* EACCES: trailing */
    SYS(SYS_stat, "t/dl1001/", &st);                               /* EACCES: trailing too */
    SYS(SYS_stat, "d/toL", &st);                                   /* EACCES: the body's last */
    SYS(SYS_stat, "d/m", &st);                                     /* EACCES */
    SYS(SYS_stat, "d/via", &st);                                   /* 0 */
    SYS(SYS_stat, "d/m/x", &st);                                   /* 0: d/m is on the way */
    SYS(SYS_stat, "g/l1001", &st);                                 /* 0: not world-writable */
  });
  SYS(SYS_stat, "t/l1001", &st);                                   /* root: EACCES */
  AS(U2, U2, { SYS(SYS_stat, "t/l1001", &st); });                  /* 0: the owner */
  sysctl(SYMLINKS, "0");
  AS(U1, U1, { SYS(SYS_stat, "t/l1001", &st); });                  /* 0 */

  /* may_create_in_sticky with fifos=0 and regular=0: a symlink has no sysctl to let it through. */
  sysctl(FIFOS, "0");
  sysctl(REGULAR, "0");
  AS(U1, U1, {
    SYS(SYS_open, "t/l1001", O_RDWR | O_CREAT | O_NOFOLLOW, 0666); /* EACCES */
    SYS(SYS_open, "t/l1001", O_RDWR | O_NOFOLLOW);                 /* ELOOP */
    SYS(SYS_open, "t/l1001", O_RDWR | O_CREAT, 0666);              /* 3: followed to t/f */
  });
  /* With regular=1, the directory asked about is t, where the link leads (root's link in d). */
  snprintf(abs, sizeof abs, "%s/t/f", cwd);
  SYS(SYS_symlink, abs, "d/tof");
  sysctl(REGULAR, "1");
  AS(U1, U1, {
    SYS(SYS_open, "d/tof", O_RDWR | O_CREAT, 0666);                /* EACCES */
    SYS(SYS_open, "d/tof", O_RDWR);                                /* 3 */
  });
  return 0;
}
