/* unlink, rmdir and rename in a sticky directory. fs/namei.c: may_delete (write and search
 * permission on the directory first, EACCES; then __check_sticky: the owner of the victim or of
 * the directory, or CAP_FOWNER, else EPERM), applied by rename to the source and to a target it
 * replaces. */
#include "creds.h"

int main(void) {
  SYS(SYS_mkdir, "t", 0755);
  SYS(SYS_chmod, "t", 01777);                                      /* root's, like /tmp */
  make("t/a", 0644, U1, U1);
  make("t/a2", 0644, U1, U1);
  make("t/a3", 0666, U1, U1);
  make("t/b", 0644, U2, U2);
  make("t/b2", 0644, U2, U2);
  make("t/b3", 0644, U2, U2);
  make("t/r", 0666, 0, 0);
  SYS(SYS_mkdir, "t/ad", 0777);
  SYS(SYS_chown, "t/ad", U1, U1);
  SYS(SYS_mkdir, "own", 0755);                                     /* 1000's sticky directory */
  SYS(SYS_chmod, "own", 01777);
  SYS(SYS_chown, "own", U1, U1);
  make("own/x", 0644, U2, U2);
  make("own/y", 0644, U2, U2);
  SYS(SYS_mkdir, "plain", 0777);                                   /* not sticky */
  SYS(SYS_chmod, "plain", 0777);
  make("plain/a", 0644, U1, U1);
  SYS(SYS_mkdir, "closed", 0755);
  SYS(SYS_chmod, "closed", 01755);                                 /* sticky, not writable */
  make("closed/b", 0644, U2, U2);
  AS(U2, U2, {
    SYS(SYS_unlink, "t/a");                                        /* EPERM: 1000's file, root's dir */
    SYS(SYS_unlink, "t/a3");                                       /* EPERM: writable makes no difference */
    SYS(SYS_unlink, "t/r");                                        /* EPERM */
    SYS(SYS_rmdir, "t/ad");                                        /* EPERM */
    SYS(SYS_rename, "t/a", "t/mine");                              /* EPERM: the source */
    SYS(SYS_rename, "t/b", "t/a2");                                /* EPERM: the target replaced */
    SYS(SYS_renameat2, AT_FDCWD, "t/b2", AT_FDCWD, "t/a2", RENAME_EXCHANGE); /* EPERM */
    SYS(SYS_rename, "t/b2", "t/b4");                               /* 0: its own */
    SYS(SYS_link, "t/a3", "t/link");                               /* 0: linking is not deleting */
    SYS(SYS_unlink, "t/link");                                     /* EPERM: the inode is 1000's */
    SYS(SYS_unlink, "t/b3");                                       /* 0 */
    SYS(SYS_unlink, "t/none");                                     /* ENOENT */
    SYS(SYS_unlink, "plain/a");                                    /* 0: no sticky bit */
    SYS(SYS_unlink, "closed/b");                                   /* EACCES: write permission first */
  });
  AS(U1, U1, {
    SYS(SYS_unlink, "own/x");                                      /* 0: owner of the directory */
    SYS(SYS_rename, "own/y", "own/z");                             /* 0 */
    SYS(SYS_unlink, "t/a");                                        /* 0: owner of the file */
    SYS(SYS_rmdir, "t/ad");                                        /* 0 */
  });
  SYS(SYS_unlink, "t/b4");                                         /* root: CAP_FOWNER */
  SYS(SYS_unlink, "t/a2");
  return 0;
}
