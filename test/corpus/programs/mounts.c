/* mount and umount2: tmpfs, bind mounts, read-only, EXDEV across mounts, EBUSY. */
#include "corpus.h"

int main(void) {
  char buf[128];
  SYS(SYS_mkdir, "t", 0755);
  SYS(SYS_mkdir, "src", 0755);
  SYS(SYS_mkdir, "b", 0755);
  SYS(SYS_mkdir, "ro", 0755);
  int fd = SYS(SYS_open, "src/f", O_CREAT | O_RDWR, 0644);
  SYS(SYS_close, fd);
  SYS(SYS_mount, "none", "t", "tmpfs", 0, "mode=0755");
  fd = SYS(SYS_open, "t/x", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, fd, "on tmpfs", 8);
  SYS(SYS_link, "t/x", "x-outside");                              /* EXDEV */
  SYS(SYS_rename, "t/x", "x-outside");                            /* EXDEV */
  SYS(SYS_umount2, "t", 0);                                       /* EBUSY: x is open */
  SYS(SYS_rmdir, "t");                                            /* EBUSY: a mountpoint */
  SYS(SYS_close, fd);
  SYS(SYS_umount2, "t", 0);
  SYS(SYS_stat, "t/x", buf);                                      /* ENOENT: gone with tmpfs */
  /* A bind mount of the same file system is another mount: EXDEV. */
  SYS(SYS_mount, "src", "b", NULL, MS_BIND, NULL);
  SYS(SYS_stat, "b/f", buf);
  SYS(SYS_link, "b/f", "src/f2");                                 /* EXDEV */
  SYS(SYS_rename, "b/f", "src/f3");                               /* EXDEV */
  SYS(SYS_link, "b/f", "b/f2");
  SYS(SYS_stat, "src/f2", buf);
  SYS(SYS_umount2, "b", 0);
  /* Read-only bind mount. */
  SYS(SYS_mount, "src", "ro", NULL, MS_BIND, NULL);
  SYS(SYS_mount, "none", "ro", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
  SYS(SYS_open, "ro/f", O_WRONLY);                                /* EROFS */
  SYS(SYS_open, "ro/new", O_CREAT | O_WRONLY, 0644);              /* EROFS */
  SYS(SYS_mkdir, "ro/d", 0755);                                   /* EROFS */
  SYS(SYS_unlink, "ro/f");                                        /* EROFS */
  fd = SYS(SYS_open, "ro/f", O_RDONLY);
  SYS(SYS_close, fd);
  SYS(SYS_umount2, "ro", MNT_DETACH);
  SYS(SYS_umount2, "ro", 0);                                      /* EINVAL: not a mount */
  SYS(SYS_umount2, "nope", 0);                                    /* ENOENT */
  SYS(SYS_mount, "none", "nope", "tmpfs", 0, NULL);               /* ENOENT */
  SYS(SYS_mount, "none", "t", "nosuchfs", 0, NULL);               /* ENODEV */
  return 0;
}
