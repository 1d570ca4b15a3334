/* linkat's AT_EMPTY_PATH from a directory descriptor, beside flink.c: 6.18's fs/namei.c path_init
 * (commit 42bd2af59504, 6.10) asks for the descriptor's opener cred (or CAP_DAC_READ_SEARCH) of
 * any relative name walked from it when linkat passes LOOKUP_LINKAT_EMPTY, not only of "", after
 * fdget_raw (EBADF first); never of AT_FDCWD or an absolute name. 6.1's do_linkat answers ENOENT
 * to every AT_EMPTY_PATH caller without CAP_DAC_READ_SEARCH, before looking at anything. */
#include "creds.h"

int main(void) {
  char cwd[256];
  char abs[320];
  SYS(SYS_getcwd, cwd, sizeof cwd);
  SYS(SYS_mkdir, "u", 0755);
  SYS(SYS_chown, "u", U1, U1);                                     /* 1000's directory */
  snprintf(abs, sizeof abs, "%s/u/d/b", cwd);
  AS(U1, U1, {
    SYS(SYS_mkdir, "u/d", 0755);
    SYS(SYS_close, SYS(SYS_open, "u/d/b", O_WRONLY | O_CREAT, 0644));
    int dfd = SYS(SYS_open, "u/d", O_RDONLY | O_DIRECTORY);
    SYS(SYS_linkat, dfd, "b", AT_FDCWD, "u/c1", AT_EMPTY_PATH);    /* 0: its own cred (6.1 ENOENT) */
    SYS(SYS_linkat, AT_FDCWD, "", AT_FDCWD, "u/c2", AT_EMPTY_PATH); /* EPERM: the cwd is a directory (6.1 ENOENT) */
    SYS(SYS_linkat, 99, "", AT_FDCWD, "u/c3", AT_EMPTY_PATH);      /* EBADF (6.1 ENOENT) */
    SYS(SYS_linkat, AT_FDCWD, "u/d/b", AT_FDCWD, "u/c4", AT_EMPTY_PATH); /* 0 (6.1 ENOENT) */
    SYS(SYS_linkat, dfd, abs, AT_FDCWD, "u/c5", AT_EMPTY_PATH);    /* 0 (6.1 ENOENT) */
    CHILD({
      SYS(SYS_linkat, dfd, "b", AT_FDCWD, "u/c6", AT_EMPTY_PATH);  /* ENOENT: fork's new cred */
      SYS(SYS_linkat, dfd, "b", AT_FDCWD, "u/c7", 0);              /* 0: no AT_EMPTY_PATH */
      SYS(SYS_linkat, dfd, abs, AT_FDCWD, "u/c8", AT_EMPTY_PATH);  /* 0: absolute (6.1 ENOENT) */
      SYS(SYS_linkat, AT_FDCWD, "u/d/b", AT_FDCWD, "u/c9", AT_EMPTY_PATH); /* 0 (6.1 ENOENT) */
    });
  });
  return 0;
}
