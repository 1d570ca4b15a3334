/* read, write, pread64, pwrite64, lseek (incl. SEEK_DATA/SEEK_HOLE), truncate and ftruncate. */
#include "corpus.h"

int main(void) {
  char buf[64];
  struct stat st;
  int fd = SYS(SYS_open, "f", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, fd, "0123456789", 10);
  SYS(SYS_lseek, fd, 0, SEEK_SET);
  SYS(SYS_read, fd, buf, 4);
  SYS(SYS_read, fd, buf, 64);
  SYS(SYS_read, fd, buf, 64);                                  /* 0 at EOF */
  SYS(SYS_pread64, fd, buf, 3, 2);
  SYS(SYS_pwrite64, fd, "AB", 2, 20);                          /* leaves a hole */
  SYS(SYS_pread64, fd, buf, 30, 0);
  SYS(SYS_pread64, fd, buf, 3, -1);                            /* EINVAL */
  SYS(SYS_lseek, fd, 0, SEEK_CUR);
  SYS(SYS_lseek, fd, -2, SEEK_END);
  SYS(SYS_lseek, fd, -100, SEEK_SET);                          /* EINVAL */
  SYS(SYS_lseek, fd, 0, 17);                                   /* EINVAL */
  SYS(SYS_write, fd, "", 0);
  SYS(SYS_pwrite64, fd, "Z", 1, 1 << 20);                      /* data at 1 MiB */
  SYS(SYS_lseek, fd, 0, SEEK_DATA);
  SYS(SYS_lseek, fd, 0, SEEK_HOLE);
  SYS(SYS_lseek, fd, 8192, SEEK_DATA);
  SYS(SYS_lseek, fd, (1 << 20) + 10, SEEK_DATA);               /* ENXIO */
  SYS(SYS_ftruncate, fd, 5);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_ftruncate, fd, -1);                                  /* EINVAL */
  SYS(SYS_truncate, "f", 3000);
  SYS(SYS_pread64, fd, buf, 8, 2995);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "f", O_RDONLY);
  SYS(SYS_write, fd, "x", 1);                                  /* EBADF */
  SYS(SYS_ftruncate, fd, 0);                                   /* EINVAL */
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "f", O_WRONLY);
  SYS(SYS_read, fd, buf, 1);                                   /* EBADF */
  SYS(SYS_close, fd);
  SYS(SYS_mkdir, "d", 0755);
  fd = SYS(SYS_open, "d", O_RDONLY);
  SYS(SYS_read, fd, buf, 1);                                   /* EISDIR */
  SYS(SYS_close, fd);
  SYS(SYS_truncate, "d", 0);                                   /* EISDIR */
  SYS(SYS_truncate, "nope", 0);                                /* ENOENT */
  SYS(SYS_truncate, "f", -1);                                  /* EINVAL */
  SYS(SYS_read, 42, buf, 1);                                   /* EBADF */
  /* An unlinked file keeps its data for the descriptor that holds it. */
  fd = SYS(SYS_open, "u", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, fd, "still here", 10);
  SYS(SYS_unlink, "u");
  SYS(SYS_ftruncate, fd, 5);
  SYS(SYS_pread64, fd, buf, 64, 0);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_close, fd);
  AS_USER({ SYS(SYS_truncate, "f", 0); });                     /* EACCES */
  return 0;
}
