/* An unprivileged task's uid and gid calls: started by `setpriv --reuid 1000 --regid 1000
 * --clear-groups` (scripts/record-creds.sh), so every id is 1000 and no capability is left; the
 * log begins with setpriv's own calls. kernel/sys.c: a task without CAP_SETUID/CAP_SETGID may
 * only move among the ids it has (real, effective, saved; and for setfsuid also the fsuid); else
 * EPERM, except setfsuid/setfsgid, which return the old fsuid/fsgid and change nothing.
 * kernel/groups.c: setgroups needs CAP_SETGID, checked before the size. */
#include "creds.h"

int main(void) {
  gid_t big[1] = {1000};
  ids();
  caps();
  SYS(SYS_setuid, 0);                                              /* EPERM */
  SYS(SYS_setuid, 1000);                                           /* 0 */
  SYS(SYS_setreuid, -1, -1);                                       /* 0 */
  SYS(SYS_setreuid, 0, -1);                                        /* EPERM */
  SYS(SYS_setreuid, -1, 1001);                                     /* EPERM */
  SYS(SYS_setresuid, -1, -1, -1);                                  /* 0 */
  SYS(SYS_setresuid, 1000, 1000, 1000);                            /* 0 */
  SYS(SYS_setresuid, 1000, 1000, 0);                               /* EPERM */
  SYS(SYS_setgid, 0);                                              /* EPERM */
  SYS(SYS_setgid, 1000);
  SYS(SYS_setregid, 1000, 0);                                      /* EPERM */
  SYS(SYS_setresgid, -1, -1, 1002);                                /* EPERM */
  SYS(SYS_setgroups, 0, NULL);                                     /* EPERM */
  SYS(SYS_setgroups, 1, big);                                      /* EPERM: even its own gid */
  SYS(SYS_setgroups, 70000, big);                                  /* EPERM before EINVAL */
  SYS(SYS_setfsuid, 0);                                            /* returns 1000, fsuid stays */
  SYS(SYS_setfsuid, 1001);                                         /* returns 1000 */
  SYS(SYS_setfsgid, 0);                                            /* returns 1000 */
  SYS(SYS_setuid, -1);                                             /* EINVAL before EPERM */
  ids();
  caps();
  return 0;
}
