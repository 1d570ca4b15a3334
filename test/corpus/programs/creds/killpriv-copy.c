/* Set-id bits cleared by the other calls that write a file or cut it (killpriv.c has write,
 * pwrite64, truncate and O_TRUNC): ftruncate, sendfile, copy_file_range and splice from a pipe
 * write through the file's ->write_iter, whose file_modified/file_remove_privs (fs/inode.c) drops
 * them; do_sys_ftruncate goes through do_truncate (fs/open.c). Only a call that writes something
 * drops anything: a copy of 0 bytes, a failed write and a refused truncation change nothing. */
#include "creds.h"

int main(void) {
  int fd, src, p[2];
  loff_t off;
  make("src", 0644, 0, 0);
  fd = SYS(SYS_open, "src", O_WRONLY);
  SYS(SYS_write, fd, "abcdef", 6);
  SYS(SYS_close, fd);
  make("f1", 06777, U1, U1);
  make("f2", 06777, U1, U1);
  make("f3", 06777, U1, U1);
  make("f4", 06777, U1, U1);
  make("f5", 06777, U1, U1);
  make("f6", 06777, U1, U1);
  make("f7", 06777, U1, U1);
  make("f8", 06777, U1, U1);
  make("f9", 06777, U1, U1);
  make("f10", 06777, U1, U1);
  AS(U2, U2, {
    fd = SYS(SYS_open, "f1", O_WRONLY);
    SYS(SYS_ftruncate, fd, 3);
    show("f1");                                                    /* ftruncate: 0777 */
    src = SYS(SYS_open, "src", O_RDONLY);
    fd = SYS(SYS_open, "f2", O_WRONLY);
    SYS(SYS_sendfile, fd, src, NULL, 4);
    show("f2");                                                    /* sendfile: 0777 */
    fd = SYS(SYS_open, "f3", O_WRONLY);
    off = 0;
    SYS(SYS_copy_file_range, src, &off, fd, NULL, 4, 0);
    show("f3");                                                    /* copy_file_range: 0777 */
    SYS(SYS_pipe2, p, 0);
    SYS(SYS_write, p[1], "xyz", 3);
    fd = SYS(SYS_open, "f4", O_WRONLY);
    SYS(SYS_splice, p[0], NULL, fd, NULL, 3, 0);
    show("f4");                                                    /* splice from a pipe: 0777 */
    fd = SYS(SYS_open, "f5", O_WRONLY);
    off = 6;
    SYS(SYS_sendfile, fd, src, &off, 4);
    show("f5");                                                    /* sendfile of 0 bytes (EOF) */
    fd = SYS(SYS_open, "f6", O_WRONLY);
    off = 100;
    SYS(SYS_copy_file_range, src, &off, fd, NULL, 4, 0);
    show("f6");                                                    /* copy_file_range of 0 bytes */
    fd = SYS(SYS_open, "f7", O_WRONLY);
    SYS(SYS_pwrite64, fd, "x", 1, (long)1 << 50);
    show("f7");                                                    /* EFBIG: unchanged */
    fd = SYS(SYS_open, "f8", O_WRONLY);
    SYS(SYS_ftruncate, fd, (long)-1);
    SYS(SYS_ftruncate, fd, (long)1 << 50);
    show("f8");                                                    /* EINVAL, EFBIG: unchanged */
    fd = SYS(SYS_open, "f9", O_RDONLY | O_TRUNC);
    show("f9");                                                    /* O_RDONLY|O_TRUNC truncates: 0777 */
  });
  fd = SYS(SYS_open, "f10", O_WRONLY | O_TRUNC);
  SYS(SYS_ftruncate, fd, 2);
  show("f10");                                                     /* root: CAP_FSETID, 06777 */
  return 0;
}
