/* fs.protected_hardlinks, fs.protected_fifos and fs.protected_regular, each set here through
 * /proc/sys (so the log shows the value used) and put back by scripts/record-creds.sh.
 * fs/namei.c: may_linkat and safe_hardlink_source (with protected_hardlinks=1, linking a file one
 * does not own needs CAP_FOWNER or a safe source: a regular file, not set-uid, not set-gid and
 * group-executable, readable and writable by the caller; else EPERM), may_create_in_sticky (an
 * O_CREAT open of an existing fifo or regular file in a sticky directory, owned neither by the
 * caller nor by the directory's owner: EACCES when the directory is world-writable, or with the
 * sysctl at 2 group-writable; no capability overrides it). */
#include "creds.h"

#define HARDLINKS "/proc/sys/fs/protected_hardlinks"
#define FIFOS "/proc/sys/fs/protected_fifos"
#define REGULAR "/proc/sys/fs/protected_regular"

int main(void) {
  char buf[8];
  int fd;
  gid_t g1[] = {U1};
  /* The values this run found, for the record. */
  fd = SYS(SYS_open, HARDLINKS, O_RDONLY);
  SYS(SYS_read, fd, buf, sizeof buf);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, FIFOS, O_RDONLY);
  SYS(SYS_read, fd, buf, sizeof buf);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, REGULAR, O_RDONLY);
  SYS(SYS_read, fd, buf, sizeof buf);
  SYS(SYS_close, fd);

  /* protected_hardlinks: w is writable by all; the sources are root's unless said. */
  SYS(SYS_mkdir, "w", 0755);
  SYS(SYS_chmod, "w", 0777);
  make("w/ro", 0644, 0, 0);                                        /* readable, not writable */
  make("w/rw", 0666, 0, 0);                                        /* safe */
  make("w/suid", 04666, 0, 0);
  make("w/sgid-x", 02676, 0, 0);                                   /* set-gid and group-exec */
  make("w/sgid", 02666, 0, 0);                                     /* set-gid only: safe */
  make("w/none", 0000, U1, U1);                                    /* 1000's own, unreadable */
  SYS(SYS_mknod, "w/fifo", S_IFIFO | 0666, 0);
  SYS(SYS_chmod, "w/fifo", 0666);
  sysctl(HARDLINKS, "1");
  AS(U1, U1, {
    SYS(SYS_link, "w/ro", "w/l-ro");                               /* EPERM */
    SYS(SYS_link, "w/rw", "w/l-rw");                               /* 0 */
    SYS(SYS_link, "w/suid", "w/l-suid");                           /* EPERM */
    SYS(SYS_link, "w/sgid-x", "w/l-sgid-x");                       /* EPERM */
    SYS(SYS_link, "w/sgid", "w/l-sgid");                           /* 0 */
    SYS(SYS_link, "w/fifo", "w/l-fifo");                           /* EPERM: not a regular file */
    SYS(SYS_link, "w/none", "w/l-none");                           /* 0: the owner */
    SYS(SYS_linkat, AT_FDCWD, "w/ro", AT_FDCWD, "w/l-ro2", AT_SYMLINK_FOLLOW); /* EPERM */
  });
  SYS(SYS_link, "w/none", "w/l-none-root");                        /* root: CAP_FOWNER */
  sysctl(HARDLINKS, "0");
  AS(U1, U1, {
    SYS(SYS_link, "w/ro", "w/l-ro");                               /* 0: no protection */
    SYS(SYS_link, "w/suid", "w/l-suid");                           /* 0 */
  });
  sysctl(HARDLINKS, "1");

  /* protected_fifos and protected_regular: s is root's and sticky, like /tmp; 1001 owns the
   * files; 1000 opens them with O_CREAT. */
  SYS(SYS_mkdir, "s", 0755);
  SYS(SYS_chmod, "s", 01777);
  SYS(SYS_mknod, "s/p", S_IFIFO | 0666, 0);
  SYS(SYS_chmod, "s/p", 0666);
  SYS(SYS_chown, "s/p", U2, U2);
  make("s/r", 0666, U2, U2);
  make("s/root", 0666, 0, 0);                                      /* owned by the dir's owner */
  SYS(SYS_mkdir, "g", 0755);                                       /* group-writable, sticky */
  SYS(SYS_chmod, "g", 01770);
  SYS(SYS_chown, "g", 0, U1);
  make("g/r", 0666, U2, U2);
  sysctl(FIFOS, "1");
  sysctl(REGULAR, "1");
  AS(U1, U1, {
    SYS(SYS_open, "s/p", O_RDWR | O_CREAT, 0666);                  /* EACCES */
    SYS(SYS_open, "s/p", O_RDWR);                                  /* 3: without O_CREAT */
    SYS(SYS_open, "s/r", O_RDWR | O_CREAT, 0666);                  /* EACCES */
    SYS(SYS_open, "s/r", O_RDONLY | O_CREAT, 0666);                /* EACCES: read-only too */
    SYS(SYS_open, "s/r", O_RDWR | O_CREAT | O_EXCL, 0666);         /* EEXIST first */
    SYS(SYS_open, "s/r", O_RDWR);                                  /* 4 */
    SYS(SYS_open, "s/root", O_RDWR | O_CREAT, 0666);               /* 5: the dir's owner owns it */
    SYS(SYS_open, "s/new", O_RDWR | O_CREAT, 0666);                /* 6: created, not existing */
  });
  AS_GROUPS(U1, U1, 1, g1, {
    SYS(SYS_open, "g/r", O_RDWR | O_CREAT, 0666);                  /* 3: only group-writable */
  });
  SYS(SYS_open, "s/r", O_RDWR | O_CREAT, 0666);                    /* EACCES: root as well */
  SYS(SYS_open, "s/p", O_RDWR | O_CREAT, 0666);                    /* EACCES */
  sysctl(FIFOS, "2");
  sysctl(REGULAR, "2");
  AS_GROUPS(U1, U1, 1, g1, {
    SYS(SYS_open, "g/r", O_RDWR | O_CREAT, 0666);                  /* EACCES at 2 */
  });
  sysctl(FIFOS, "0");
  sysctl(REGULAR, "0");
  AS(U1, U1, {
    SYS(SYS_open, "s/p", O_RDWR | O_CREAT, 0666);                  /* 3 */
    SYS(SYS_open, "s/r", O_RDWR | O_CREAT, 0666);                  /* 4 */
  });
  return 0;
}
