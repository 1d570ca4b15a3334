/* The forms of utimensat that times.c leaves out (fs/utimes.c: do_utimes): a NULL name with
 * AT_FDCWD (getname faults), with an O_PATH descriptor (fdget refuses it) or with a bad one, an
 * empty name with and without AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW on a symlink another user owns
 * (the owner or write permission decide: a symlink's 0777 lets anyone touch it), times the kernel
 * cannot read whole (the pair ends at an unmapped page), and a read-only mount (mnt_want_write:
 * EROFS, after an invalid tv_nsec's EINVAL). */
#include "creds.h"
#include <sys/mman.h>
#include <time.h>

int main(void) {
  int fd, opath;
  struct timespec set[2] = {{1000000000, 0}, {1000000000, 0}};
  struct timespec bad[2] = {{0, -1}, {0, 0}};
  make("f", 0644, U1, U1);
  SYS(SYS_symlink, "f", "l");
  SYS(SYS_mkdir, "ro", 0755);
  SYS(SYS_mount, "none", "ro", "tmpfs", MS_RDONLY, "");
  SYS(SYS_utimensat, AT_FDCWD, NULL, NULL, 0);                      /* EFAULT */
  SYS(SYS_utimensat, AT_FDCWD, NULL, NULL, AT_EMPTY_PATH);          /* EFAULT */
  SYS(SYS_utimensat, 42, NULL, NULL, 0);                            /* EBADF */
  opath = SYS(SYS_open, "f", O_PATH);
  SYS(SYS_utimensat, opath, NULL, NULL, 0);                         /* EBADF: fdget skips O_PATH */
  SYS(SYS_utimensat, opath, "", NULL, 0);                           /* ENOENT */
  SYS(SYS_utimensat, opath, "", NULL, AT_EMPTY_PATH);               /* 0: the O_PATH file itself */
  SYS(SYS_utimensat, AT_FDCWD, "", NULL, AT_EMPTY_PATH);            /* 0: the cwd */
  /* The pair straddles the end of a mapping: its second timespec cannot be read. */
  char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(page + 4096, 4096);
  memcpy(page + 4096 - 16, set, 16);
  SYS(SYS_utimensat, AT_FDCWD, "f", page + 4096 - 16, 0);           /* EFAULT */
  SYS(SYS_utimensat, AT_FDCWD, "ro", bad, 0);                       /* EINVAL */
  SYS(SYS_utimensat, AT_FDCWD, "ro", NULL, 0);                      /* EROFS */
  SYS(SYS_utimensat, AT_FDCWD, "ro", set, 0);                       /* EROFS */
  AS(U2, U2, {
    SYS(SYS_utimensat, AT_FDCWD, "l", NULL, AT_SYMLINK_NOFOLLOW);   /* 0: the link is 0777 */
    SYS(SYS_utimensat, AT_FDCWD, "l", set, AT_SYMLINK_NOFOLLOW);    /* EPERM: root owns it */
    SYS(SYS_utimensat, AT_FDCWD, "l", NULL, 0);                     /* EACCES: f is 0644 */
    fd = SYS(SYS_open, "f", O_RDONLY);
    SYS(SYS_utimensat, fd, "", NULL, AT_EMPTY_PATH);                /* EACCES */
    SYS(SYS_utimensat, fd, NULL, set, 0);                           /* EPERM */
  });
  SYS(SYS_umount2, "ro", 0);
  return 0;
}
