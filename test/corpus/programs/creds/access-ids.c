/* access, faccessat and faccessat2 when the real and effective (or fs) ids differ. fs/open.c:
 * do_faccessat: without AT_EACCESS, access_override_creds checks as the real uid and gid, with
 * effective capabilities set to the permitted ones for a real uid 0 and cleared for any other;
 * with AT_EACCESS the task's own fsuid, fsgid and effective capabilities decide. */
#include "creds.h"

int main(void) {
  make("r", 0600, 0, 0);                                           /* root's, private */
  make("u", 0600, U1, U1);                                         /* 1000's, private */
  make("g", 0040, U2, G3);                                         /* only group 1002 may read */
  make("x", 0644, 0, 0);                                           /* no exec bit */
  /* Real uid 0, effective 1000 (a root daemon acting for a user). */
  CHILD({
    SYS(SYS_setresuid, 0, U1, 0);
    SYS(SYS_access, "r", R_OK);                                    /* 0: the real uid, with caps */
    SYS(SYS_faccessat2, AT_FDCWD, "r", R_OK, AT_EACCESS);          /* EACCES */
    SYS(SYS_access, "u", R_OK | W_OK);                             /* 0 */
    SYS(SYS_faccessat2, AT_FDCWD, "u", R_OK | W_OK, AT_EACCESS);   /* 0: the owner */
    SYS(SYS_access, "x", X_OK);                                    /* EACCES: no exec bit at all */
  });
  /* Real uid 1000, effective 0 (a set-uid-root program). */
  CHILD({
    SYS(SYS_setresuid, U1, 0, 0);
    SYS(SYS_access, "r", R_OK);                                    /* EACCES */
    SYS(SYS_faccessat2, AT_FDCWD, "r", R_OK, AT_EACCESS);          /* 0 */
    SYS(SYS_access, "u", R_OK);                                    /* 0: 1000 owns it */
    SYS(SYS_faccessat, AT_FDCWD, "r", R_OK);                       /* EACCES: faccessat has no flags */
  });
  /* Only the fsuid moved (setfsuid): access ignores it; AT_EACCESS uses it, and the fs
   * capabilities that setfsuid dropped. */
  CHILD({
    SYS(SYS_setfsuid, U1);
    SYS(SYS_access, "r", R_OK);                                    /* 0 */
    SYS(SYS_faccessat2, AT_FDCWD, "r", R_OK, AT_EACCESS);          /* EACCES */
    SYS(SYS_faccessat2, AT_FDCWD, "u", R_OK, AT_EACCESS);          /* 0 */
  });
  /* Groups: real gid 1000, effective gid 1002. */
  CHILD({
    SYS(SYS_setgroups, 0, NULL);
    SYS(SYS_setresgid, U1, G3, G3);
    SYS(SYS_setresuid, U1, U1, U1);
    SYS(SYS_access, "g", R_OK);                                    /* EACCES: real gid 1000 */
    SYS(SYS_faccessat2, AT_FDCWD, "g", R_OK, AT_EACCESS);          /* 0: egid 1002 */
  });
  /* Supplementary groups count for both. */
  CHILD({
    SYS(SYS_setgroups, 1, (gid_t[]){G3});
    SYS(SYS_setresgid, U1, U1, U1);
    SYS(SYS_setresuid, U1, U1, U1);
    SYS(SYS_access, "g", R_OK);                                    /* 0 */
    SYS(SYS_faccessat2, AT_FDCWD, "g", R_OK, AT_EACCESS);          /* 0 */
  });
  /* The owner class decides alone: group 1002 may read g, its owner 1001 may not. */
  AS_GROUPS(U2, U2, 1, ((gid_t[]){G3}), {
    SYS(SYS_access, "g", R_OK);                                    /* EACCES */
  });
  return 0;
}
