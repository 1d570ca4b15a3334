/* open, openat and creat: every flag of the list and the errnos they give. */
#include "corpus.h"

int main(void) {
  char buf[64];
  struct stat st;
  int fd = SYS(SYS_open, "f", O_CREAT | O_WRONLY, 0644);
  SYS(SYS_write, fd, "hello", 5);
  SYS(SYS_close, fd);
  SYS(SYS_open, "f", O_CREAT | O_EXCL | O_WRONLY, 0644);           /* EEXIST */
  fd = SYS(SYS_open, "f", O_WRONLY | O_APPEND);
  SYS(SYS_write, fd, "!", 1);                                      /* lands at the end */
  SYS(SYS_close, fd);
  fd = SYS(SYS_openat, AT_FDCWD, "f", O_RDONLY);
  SYS(SYS_read, fd, buf, sizeof buf);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "f", O_RDWR | O_TRUNC);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_close, fd);
  fd = SYS(SYS_creat, "g", 0600);
  SYS(SYS_close, fd);
  SYS(SYS_mkdir, "d", 0755);
  SYS(SYS_open, "f", O_RDONLY | O_DIRECTORY);                      /* ENOTDIR */
  fd = SYS(SYS_open, "d", O_RDONLY | O_DIRECTORY);
  SYS(SYS_close, fd);
  SYS(SYS_open, "d", O_WRONLY);                                    /* EISDIR */
  SYS(SYS_open, "d", O_CREAT | O_WRONLY, 0644);                    /* EISDIR */
  SYS(SYS_open, "new/", O_CREAT | O_WRONLY, 0644);                 /* EISDIR */
  SYS(SYS_open, "x", O_CREAT | O_DIRECTORY | O_RDWR, 0644);        /* EINVAL */
  SYS(SYS_symlink, "f", "l");
  SYS(SYS_open, "l", O_RDONLY | O_NOFOLLOW);                       /* ELOOP */
  SYS(SYS_symlink, "target", "dangling");
  fd = SYS(SYS_open, "dangling", O_CREAT | O_WRONLY, 0644);        /* creates target */
  SYS(SYS_close, fd);
  SYS(SYS_symlink, "nothere", "dangling2");
  SYS(SYS_open, "dangling2", O_CREAT | O_EXCL | O_WRONLY, 0644);   /* EEXIST */
  fd = SYS(SYS_open, "l", O_PATH | O_NOFOLLOW);
  SYS(SYS_read, fd, buf, 1);                                       /* EBADF */
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_fcntl, fd, F_GETFL);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "f", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  SYS(SYS_fcntl, fd, F_GETFD);
  SYS(SYS_fcntl, fd, F_GETFL);
  SYS(SYS_close, fd);
  SYS(SYS_open, "missing", O_RDONLY);                              /* ENOENT */
  SYS(SYS_open, "missing/x", O_CREAT | O_WRONLY, 0644);            /* ENOENT */
  SYS(SYS_open, "f/x", O_RDONLY);                                  /* ENOTDIR */
  SYS(SYS_open, "", O_RDONLY);                                     /* ENOENT */
  char longname[300];
  memset(longname, 'n', 256);
  longname[256] = 0;
  SYS(SYS_open, longname, O_CREAT | O_WRONLY, 0644);               /* ENAMETOOLONG */
  /* O_TMPFILE: linkable unless O_EXCL. */
  fd = SYS(SYS_open, ".", O_TMPFILE | O_RDWR, 0600);
  SYS(SYS_write, fd, "tmp", 3);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "tmp-named", AT_EMPTY_PATH);
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, ".", O_TMPFILE | O_EXCL | O_RDWR, 0600);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "tmp-excl", AT_EMPTY_PATH);    /* ENOENT */
  SYS(SYS_close, fd);
  SYS(SYS_open, ".", O_TMPFILE | O_RDONLY, 0600);                  /* EINVAL */
  SYS(SYS_open, "f", O_TMPFILE | O_RDWR, 0600);                    /* ENOTDIR */
  /* Permissions. */
  AS_USER({
    SYS(SYS_open, "g", O_RDONLY);                                  /* EACCES */
    SYS(SYS_open, "d/new", O_CREAT | O_WRONLY, 0644);              /* EACCES */
  });
  /* EMFILE: fill the table. */
  int last = 0;
  for (int i = 0; i < 1100; i++) {
    int r = SYS(SYS_open, "f", O_RDONLY);
    if (r < 0) break;
    last = r;
  }
  SYS(SYS_open, "f", O_RDONLY);                                    /* EMFILE */
  for (int i = 3; i <= last; i++) SYS(SYS_close, i);
  SYS(SYS_close, 3);                                               /* EBADF */
  return 0;
}
