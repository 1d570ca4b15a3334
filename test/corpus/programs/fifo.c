/* Fifos: opens with and without O_NONBLOCK, the buffer, EOF, EAGAIN, ESPIPE, EPIPE. */
#include "corpus.h"

int main(void) {
  char buf[128];
  signal(SIGPIPE, SIG_IGN);
  SYS(SYS_mknod, "p", S_IFIFO | 0644, 0);
  SYS(SYS_open, "p", O_WRONLY | O_NONBLOCK);                      /* ENXIO: no reader */
  int r = SYS(SYS_open, "p", O_RDONLY | O_NONBLOCK);              /* a reader need not wait */
  SYS(SYS_read, r, buf, sizeof buf);                              /* 0: no writer yet */
  int w = SYS(SYS_open, "p", O_WRONLY | O_NONBLOCK);
  SYS(SYS_write, w, "hello", 5);
  SYS(SYS_write, w, " world", 6);
  SYS(SYS_read, r, buf, 3);
  SYS(SYS_read, r, buf, sizeof buf);
  SYS(SYS_read, r, buf, sizeof buf);                              /* EAGAIN: writer, no data */
  SYS(SYS_lseek, r, 0, SEEK_SET);                                 /* ESPIPE */
  SYS(SYS_pread64, r, buf, 1, 0);                                 /* ESPIPE */
  SYS(SYS_pwrite64, w, "x", 1, 0);                                /* ESPIPE */
  /* Fill the pipe: 16 pages; small writes merge into pages. */
  int total = 0;
  for (int i = 0; i < 40; i++) {
    static char chunk[3000];
    int n = SYS(SYS_write, w, chunk, sizeof chunk);
    if (n < 0) break;
    total += n;
  }
  (void)total;
  SYS(SYS_write, w, "more", 4);                                   /* EAGAIN */
  SYS(SYS_close, w);
  int got;
  do {
    got = SYS(SYS_read, r, buf, sizeof buf);
  } while (got > 0);                                              /* then 0: EOF */
  SYS(SYS_close, r);
  /* Writers without readers: EPIPE (SIGPIPE ignored). */
  int rw = SYS(SYS_open, "p", O_RDWR);
  w = SYS(SYS_open, "p", O_WRONLY);
  SYS(SYS_close, rw);
  SYS(SYS_write, w, "x", 1);                                      /* EPIPE */
  SYS(SYS_close, w);
  /* A blocking open waits for its partner. */
  pid_t p = SYS(SYS_fork);
  if (p == 0) {
    int cw = SYS(SYS_open, "p", O_WRONLY);
    SYS(SYS_write, cw, "from child", 10);
    SYS(SYS_close, cw);
    SYS(SYS_exit_group, 0);
  }
  r = SYS(SYS_open, "p", O_RDONLY);
  do {
    got = SYS(SYS_read, r, buf, sizeof buf);
  } while (got > 0);
  SYS(SYS_close, r);
  reap(p);
  /* An unlinked fifo keeps its buffer while an end is open. */
  rw = SYS(SYS_open, "p", O_RDWR);
  SYS(SYS_write, rw, "kept", 4);
  SYS(SYS_unlink, "p");
  struct stat st;
  SYS(SYS_fstat, rw, &st);
  SYS(SYS_read, rw, buf, sizeof buf);
  SYS(SYS_close, rw);
  return 0;
}
