/* copy_file_range, sendfile and splice between files, and into and out of fifos: offsets through
 * pointers and the file positions, short copies at EOF, and the errnos of 6.1's
 * fs/read_write.c (copy_file_range, generic_copy_file_checks, do_sendfile) and fs/splice.c. */
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

  /* splice: a file into the fifo, the fifo into a file, one fifo into another (fs/splice.c). */
  loff_t soff = 3;
  SYS(SYS_splice, src, &soff, pw, NULL, 4, 0);                     /* 4, the offset advances */
  SYS(SYS_splice, src, NULL, pw, NULL, 2, 0);                      /* 2 from src's position */
  SYS(SYS_lseek, src, 0, SEEK_CUR);
  soff = 30;
  SYS(SYS_splice, pr, NULL, dst, &soff, 100, 0);                   /* 6: what the pipe holds */
  SYS(SYS_pread64, dst, (char[64]){0}, 64, 0);
  SYS(SYS_splice, pr, NULL, dst, NULL, 4, SPLICE_F_NONBLOCK);      /* EAGAIN: empty, a writer */
  SYS(SYS_splice, pr, NULL, dst, NULL, 4, 0x10);                   /* EINVAL: no such flag */
  SYS(SYS_splice, src, NULL, dst, NULL, 0, 0);                     /* 0: nothing asked */
  SYS(SYS_splice, src, NULL, dst, NULL, 4, 0);                     /* EINVAL: no pipe */
  SYS(SYS_splice, 99, NULL, pw, NULL, 4, 0);                       /* EBADF */
  soff = 0;
  SYS(SYS_splice, pr, &soff, dst, NULL, 4, 0);                     /* ESPIPE: offset on a pipe */
  SYS(SYS_splice, src, NULL, pw, &soff, 4, 0);                     /* ESPIPE */
  SYS(SYS_splice, pr, NULL, pw, NULL, 4, 0);                       /* EINVAL: the same pipe */
  SYS(SYS_splice, pw, NULL, dst, NULL, 4, 0);                      /* EBADF: not readable */
  SYS(SYS_splice, pr, NULL, ap, NULL, 4, 0);                       /* EINVAL: O_APPEND */
  SYS(SYS_splice, dir, NULL, pw, NULL, 4, 0);                      /* EINVAL: a directory */
  SYS(SYS_mknod, "q", S_IFIFO | 0600, 0);
  int qr = SYS(SYS_open, "q", O_RDONLY | O_NONBLOCK);
  int qw = SYS(SYS_open, "q", O_WRONLY);
  SYS(SYS_write, pw, "abcdef", 6);
  SYS(SYS_splice, pr, NULL, qw, NULL, 2, 0);                       /* 2: the buffer is split */
  SYS(SYS_splice, pr, NULL, qw, NULL, 100, 0);                     /* 4: the rest */
  SYS(SYS_splice, pr, NULL, qw, NULL, 100, SPLICE_F_NONBLOCK);     /* EAGAIN */
  SYS(SYS_read, qr, (char[16]){0}, 16);
  SYS(SYS_close, qw);
  SYS(SYS_splice, qr, NULL, dst, NULL, 4, 0);                      /* 0: no writer left */
  SYS(SYS_close, qr);
  SYS(SYS_close, pw);
  SYS(SYS_splice, pr, NULL, dst, NULL, 4, 0);                      /* 0: no writer left */
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
