/* copy_file_range and sendfile between files, and into and out of fifos: offsets through
 * pointers and the file positions, short copies at EOF, and the errnos of 6.1's
 * fs/read_write.c (copy_file_range, generic_copy_file_checks, do_sendfile). */
#include "corpus.h"

int main(void) {
  loff_t in_off, out_off;
  off_t off;
  struct stat st;
  int src = SYS(SYS_open, "src", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, src, "0123456789", 10);
  int dst = SYS(SYS_open, "dst", O_CREAT | O_RDWR, 0644);

  /* copy_file_range from the file positions: src is at EOF, so 0; then from 0. */
  SYS(SYS_copy_file_range, src, NULL, dst, NULL, 4, 0);            /* 0 at EOF */
  SYS(SYS_lseek, src, 0, SEEK_SET);
  SYS(SYS_copy_file_range, src, NULL, dst, NULL, 4, 0);            /* 4, both positions move */
  SYS(SYS_lseek, src, 0, SEEK_CUR);
  SYS(SYS_lseek, dst, 0, SEEK_CUR);
  /* Offsets through pointers: the positions stay, the offsets advance. */
  in_off = 6;
  out_off = 20;
  SYS(SYS_copy_file_range, src, &in_off, dst, &out_off, 100, 0);   /* 4: short at EOF, a hole */
  SYS(SYS_fstat, dst, &st);
  SYS(SYS_lseek, src, 0, SEEK_CUR);
  SYS(SYS_pread64, dst, (char[32]){0}, 32, 0);
  in_off = 10;
  SYS(SYS_copy_file_range, src, &in_off, dst, NULL, 5, 0);         /* 0: at EOF */
  in_off = 0;
  SYS(SYS_copy_file_range, src, &in_off, dst, NULL, 0, 0);         /* 0: nothing asked */
  /* The errnos, in 6.1's order. */
  SYS(SYS_copy_file_range, 99, NULL, dst, NULL, 4, 0);             /* EBADF */
  SYS(SYS_copy_file_range, src, NULL, 99, NULL, 4, 0);             /* EBADF */
  SYS(SYS_copy_file_range, src, NULL, dst, NULL, 4, 1);            /* EINVAL: flags */
  in_off = 0;
  out_off = 2;
  SYS(SYS_copy_file_range, src, &in_off, src, &out_off, 4, 0);     /* EINVAL: overlap */
  out_off = 4;
  SYS(SYS_copy_file_range, src, &in_off, src, &out_off, 4, 0);     /* 4: adjacent is fine */
  in_off = -1;
  SYS(SYS_copy_file_range, src, &in_off, dst, NULL, 4, 0);         /* negative offset */
  int ro = SYS(SYS_open, "src", O_RDONLY);
  int wo = SYS(SYS_open, "dst", O_WRONLY);
  int ap = SYS(SYS_open, "dst", O_WRONLY | O_APPEND);
  SYS(SYS_copy_file_range, wo, NULL, dst, NULL, 4, 0);             /* EBADF: not readable */
  SYS(SYS_copy_file_range, src, NULL, ro, NULL, 4, 0);             /* EBADF: not writable */
  SYS(SYS_copy_file_range, ro, NULL, ap, NULL, 4, 0);              /* O_APPEND */
  SYS(SYS_mkdir, "d", 0755);
  int dir = SYS(SYS_open, "d", O_RDONLY | O_DIRECTORY);
  SYS(SYS_copy_file_range, dir, NULL, dst, NULL, 4, 0);            /* EISDIR */
  SYS(SYS_copy_file_range, src, NULL, dir, NULL, 4, 0);            /* EBADF or EISDIR */
  int path = SYS(SYS_open, "src", O_PATH);
  SYS(SYS_copy_file_range, path, NULL, dst, NULL, 4, 0);           /* EBADF: O_PATH */
  SYS(SYS_mknod, "p", S_IFIFO | 0600, 0);
  int pr = SYS(SYS_open, "p", O_RDONLY | O_NONBLOCK);
  int pw = SYS(SYS_open, "p", O_WRONLY);
  SYS(SYS_copy_file_range, src, NULL, pw, NULL, 4, 0);             /* EINVAL: a fifo */
  /* Across file systems: a tmpfs mounted in the root. */
  SYS(SYS_mkdir, "m", 0755);
  SYS(SYS_mount, "none", "m", "tmpfs", 0, "");
  int other = SYS(SYS_open, "m/o", O_CREAT | O_RDWR, 0644);
  in_off = 0;
  SYS(SYS_copy_file_range, src, &in_off, other, NULL, 4, 0);       /* EXDEV */
  SYS(SYS_close, other);
  SYS(SYS_umount2, "m", 0);
  /* An unlinked file copied out (cat <&7 > e in a shell). */
  int gone = SYS(SYS_open, "gone", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, gone, "hello\n", 6);
  SYS(SYS_unlink, "gone");
  SYS(SYS_lseek, gone, 0, SEEK_SET);
  int e = SYS(SYS_open, "e", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  SYS(SYS_copy_file_range, gone, NULL, e, NULL, 1 << 20, 0);       /* 6 */
  SYS(SYS_copy_file_range, gone, NULL, e, NULL, 1 << 20, 0);       /* 0 */
  SYS(SYS_fstat, e, &st);

  /* sendfile: from the position, or from an offset through a pointer. */
  SYS(SYS_ftruncate, dst, 0);
  SYS(SYS_lseek, dst, 0, SEEK_SET);
  SYS(SYS_lseek, src, 2, SEEK_SET);
  SYS(SYS_sendfile, dst, src, NULL, 3);                            /* 3, both positions move */
  SYS(SYS_lseek, src, 0, SEEK_CUR);
  off = 7;
  SYS(SYS_sendfile, dst, src, &off, 100);                          /* 3: short at EOF */
  SYS(SYS_lseek, src, 0, SEEK_CUR);
  off = 10;
  SYS(SYS_sendfile, dst, src, &off, 4);                            /* 0 at EOF */
  SYS(SYS_pread64, dst, (char[32]){0}, 32, 0);
  SYS(SYS_sendfile, dst, 99, NULL, 4);                             /* EBADF */
  SYS(SYS_sendfile, 99, src, NULL, 4);                             /* EBADF */
  SYS(SYS_sendfile, dst, wo, NULL, 4);                             /* EBADF: not readable */
  SYS(SYS_sendfile, ro, src, NULL, 4);                             /* EBADF: not writable */
  off = -1;
  SYS(SYS_sendfile, dst, src, &off, 4);                            /* EINVAL: negative */
  SYS(SYS_sendfile, ap, src, NULL, 4);                             /* EINVAL: O_APPEND */
  SYS(SYS_sendfile, dst, dir, NULL, 4);                            /* EINVAL: no splice_read */
  SYS(SYS_sendfile, dst, path, NULL, 4);                           /* EBADF: O_PATH */
  off = 0;
  SYS(SYS_sendfile, dst, pr, &off, 4);                             /* ESPIPE: offset on a fifo */
  SYS(SYS_sendfile, dst, pr, NULL, 4);                             /* EINVAL: a fifo to read */
  SYS(SYS_lseek, src, 0, SEEK_SET);
  SYS(SYS_sendfile, pw, src, NULL, 4);                             /* 4 into the fifo */
  SYS(SYS_read, pr, (char[8]){0}, 8);
  SYS(SYS_close, pw);
  SYS(SYS_close, pr);
  SYS(SYS_close, e);
  SYS(SYS_close, gone);
  SYS(SYS_close, path);
  SYS(SYS_close, dir);
  SYS(SYS_close, ap);
  SYS(SYS_close, wo);
  SYS(SYS_close, ro);
  SYS(SYS_close, dst);
  SYS(SYS_close, src);
  return 0;
}
