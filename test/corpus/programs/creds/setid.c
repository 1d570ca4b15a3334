/* The uid and gid calls from root, each transition in its own child, with the ids (getresuid,
 * getresgid, setfsuid(-1)) and the capabilities (capget, /proc/self/status) before and after.
 * kernel/sys.c: __sys_setuid ... __sys_setfsgid, kernel/groups.c: setgroups,
 * security/commoncap.c: cap_emulate_setxuid (all of ruid, euid, suid leaving 0 clears permitted
 * and effective; euid leaving 0 clears effective; euid returning to 0 restores effective from
 * permitted) and cap_task_fix_setuid's LSM_SETID_FS case (fsuid leaving 0 drops only the fs
 * capabilities). An unprivileged task's own transitions are setid-user.c's. */
#include "creds.h"
#include <sys/prctl.h>

int main(void) {
  gid_t big[1] = {0};
  ids();
  caps();
  /* setuid as root sets all four uids and, all leaving 0, drops every capability for good. */
  CHILD({
    SYS(SYS_setuid, U1);
    ids();
    caps();
    SYS(SYS_setuid, 0);                                            /* EPERM */
    SYS(SYS_setuid, U1);                                           /* 0: its own */
    SYS(SYS_setuid, -1);                                           /* EINVAL */
  });
  /* euid alone: effective cleared, permitted kept; back to 0 restores effective. fsuid follows. */
  CHILD({
    SYS(SYS_setresuid, -1, U1, -1);
    ids();
    caps();
    SYS(SYS_setresuid, -1, 0, -1);                                 /* 0: 0 is the real and saved uid */
    ids();
    caps();
  });
  /* setreuid: a real uid set (or an euid other than the real uid) also sets the saved uid. */
  CHILD({
    SYS(SYS_setreuid, U1, U2);
    ids();
    caps();
    SYS(SYS_setreuid, U2, U1);                                     /* 0: the swap */
    ids();
    SYS(SYS_setreuid, -1, 0);                                      /* EPERM: 0 is gone */
    SYS(SYS_setreuid, 0, -1);                                      /* EPERM */
  });
  CHILD({
    SYS(SYS_setreuid, U1, -1);                                     /* ruid 1000, euid and suid 0 */
    ids();
    caps();                                                        /* all kept: euid is 0 */
    SYS(SYS_setuid, U2);                                           /* still CAP_SETUID: all four */
    ids();
    caps();
  });
  /* setresuid keeping a saved 0: permitted kept, so euid 0 may come back. */
  CHILD({
    SYS(SYS_setresuid, U1, U2, 0);
    ids();
    caps();
    SYS(SYS_setresuid, -1, 0, -1);
    ids();
    caps();
    SYS(SYS_setresuid, U1, U1, U1);
    caps();
    SYS(SYS_setresuid, -1, -1, 0);                                 /* EPERM */
  });
  /* fsuid: setfsuid returns the old fsuid, whether or not it changed anything. */
  CHILD({
    SYS(SYS_setfsuid, U1);                                         /* returns 0 */
    ids();
    caps();                                                        /* the fs capabilities dropped */
    SYS(SYS_setfsuid, 0);                                          /* returns 1000 */
    caps();                                                        /* and raised again */
    SYS(SYS_setfsgid, G3);                                         /* returns 0 */
    SYS(SYS_setfsgid, -1);                                         /* returns 1002, changes nothing */
    SYS(SYS_setresuid, U1, U2, U2);
    SYS(SYS_setfsuid, U1);                                         /* returns 1001: the real uid is allowed */
    SYS(SYS_setfsuid, 0);                                          /* returns 1000: nothing changes */
    SYS(SYS_setfsuid, -1);                                         /* returns 1000 */
    SYS(SYS_setresuid, -1, -1, -1);                                /* a no-op: fsuid stays 1000 */
    SYS(SYS_setfsuid, -1);
    SYS(SYS_setresuid, -1, U2, -1);                                /* the same euid resets fsuid */
    SYS(SYS_setfsuid, -1);                                         /* returns 1001 */
    SYS(SYS_setfsuid, U1);
    SYS(SYS_setreuid, -1, -1);                                     /* setreuid always resets it */
    SYS(SYS_setfsuid, -1);
  });
  /* PR_SET_KEEPCAPS: setuid away from 0 keeps permitted (effective still cleared). */
  CHILD({
    SYS(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0);
    SYS(SYS_setresuid, U1, U1, U1);
    caps();
  });
  /* gids: no capability moves with them. */
  CHILD({
    SYS(SYS_setgid, U1);                                           /* all four gids */
    ids();
    caps();
    SYS(SYS_setregid, G3, U2);
    ids();
    SYS(SYS_setresgid, 0, 0, 0);
    SYS(SYS_setgroups, 2, (gid_t[]){G3, U1});
    ids();
    SYS(SYS_setgroups, 65537, big);                                /* EINVAL: over NGROUPS_MAX */
    SYS(SYS_setgroups, -1, big);                                   /* EINVAL */
    SYS(SYS_setgroups, 0, NULL);
    SYS(SYS_setgid, -1);                                           /* EINVAL */
    SYS(SYS_setresuid, U1, U1, U1);
    SYS(SYS_setgroups, 0, NULL);                                   /* EPERM now */
    SYS(SYS_setgid, U1);                                           /* EPERM: not one of its gids */
    SYS(SYS_setgid, 0);                                            /* 0: the real gid */
  });
  return 0;
}
