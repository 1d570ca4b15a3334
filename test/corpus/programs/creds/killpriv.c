/* Set-id bits cleared by a write or a truncation (stat before and after). fs/inode.c:
 * __file_remove_privs and dentry_needs_remove_privs, fs/attr.c: setattr_should_drop_suidgid (a
 * regular file only, and only when the writer lacks CAP_FSETID: S_ISUID always; S_ISGID when
 * group-executable, or when the writer is not in the file's group), fs/open.c: do_truncate. */
#include "creds.h"

int main(void) {
  int fd;
  gid_t g1[] = {U1};
  make("w1", 06777, U1, U1);
  make("w2", 06766, U1, U1);                                       /* set-gid, not group-exec */
  make("w3", 06766, U1, U1);
  make("w4", 06777, U1, U1);
  make("w5", 04755, U1, U1);
  make("w6", 06777, U1, U1);
  make("w7", 06777, U1, U1);
  make("w8", 06777, U1, U1);
  make("w9", 06777, U1, U1);
  AS(U2, U2, {
    fd = SYS(SYS_open, "w1", O_WRONLY);
    show("w1");
    SYS(SYS_write, fd, "x", 1);
    show("w1");                                                    /* 0777: both gone */
    fd = SYS(SYS_open, "w2", O_WRONLY);
    SYS(SYS_write, fd, "x", 1);
    show("w2");                                                    /* 0766: not in group 1000 */
    fd = SYS(SYS_open, "w6", O_WRONLY);
    SYS(SYS_write, fd, "x", 0);
    show("w6");                                                    /* a 0-byte write: unchanged */
    SYS(SYS_truncate, "w7", 1);
    show("w7");                                                    /* truncate: 0777 */
    fd = SYS(SYS_open, "w8", O_WRONLY | O_TRUNC);
    show("w8");                                                    /* open with O_TRUNC: 0777 */
    fd = SYS(SYS_open, "w9", O_RDWR);
    SYS(SYS_pwrite64, fd, "x", 1, 10);
    show("w9");                                                    /* pwrite: 0777 */
  });
  AS_GROUPS(U2, U2, 1, g1, {
    fd = SYS(SYS_open, "w3", O_WRONLY);
    SYS(SYS_write, fd, "x", 1);
    show("w3");                                                    /* 02766: in group 1000 */
  });
  fd = SYS(SYS_open, "w4", O_WRONLY);
  SYS(SYS_write, fd, "x", 1);
  show("w4");                                                      /* root: CAP_FSETID, 06777 */
  AS(U1, U1, {
    fd = SYS(SYS_open, "w5", O_WRONLY);
    SYS(SYS_write, fd, "x", 1);
    show("w5");                                                    /* the owner: 0755 */
  });
  /* A descriptor root opened, written by a child that became 1001: the writer's credentials
   * decide, not the opener's. */
  make("w10", 06777, U1, U1);
  fd = SYS(SYS_open, "w10", O_WRONLY);
  AS(U2, U2, {
    SYS(SYS_write, fd, "x", 1);
    show("w10");                                                   /* 0777 */
  });
  return 0;
}
