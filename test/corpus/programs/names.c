/* mkdir, rmdir, symlink, readlink, mknod, mkfifo, chdir, getdents64, umask and the path walk. */
#include "corpus.h"

int main(void) {
  char buf[256];
  char path[64];
  SYS(SYS_umask, 022);
  SYS(SYS_mkdir, "d", 0777);
  SYS(SYS_mkdirat, AT_FDCWD, "d/e", 0700);
  SYS(SYS_mkdir, "d", 0755);                                      /* EEXIST */
  SYS(SYS_mkdir, "no/such", 0755);                                /* ENOENT */
  SYS(SYS_mkdir, "d/e/", 0755);                                   /* EEXIST */
  SYS(SYS_mkdir, "d/new/", 0755);
  SYS(SYS_rmdir, "d/new");
  SYS(SYS_rmdir, "d/new");                                        /* ENOENT */
  SYS(SYS_symlink, "d/e", "le");
  SYS(SYS_symlinkat, "../d", AT_FDCWD, "d/e/up");
  SYS(SYS_symlink, "x", "le");                                    /* EEXIST */
  SYS(SYS_symlink, "", "empty");                                  /* ENOENT */
  SYS(SYS_readlink, "le", buf, sizeof buf);
  SYS(SYS_readlink, "le", buf, 2);                                /* truncated */
  SYS(SYS_readlinkat, AT_FDCWD, "d/e/up", buf, sizeof buf);
  SYS(SYS_readlink, "d", buf, sizeof buf);                        /* EINVAL */
  SYS(SYS_readlink, "le", buf, 0);                                /* EINVAL */
  SYS(SYS_readlink, "nothere", buf, sizeof buf);                  /* ENOENT */
  SYS(SYS_mknod, "fifo", S_IFIFO | 0644, 0);
  SYS(SYS_mknodat, AT_FDCWD, "reg", S_IFREG | 0600, 0);
  SYS(SYS_mknod, "zero", 0644, 0);
  SYS(SYS_mknod, "dir", S_IFDIR | 0755, 0);                       /* EPERM */
  SYS(SYS_mknod, "bad", 0170000 | 0644, 0);                       /* EINVAL */
  mkfifo("fifo2", 0600);
  /* The walk: symlink loops, dots, slashes, long names. */
  SYS(SYS_symlink, "self", "self");
  SYS(SYS_stat, "self", buf);                                     /* ELOOP */
  for (int i = 0; i < 41; i++) {
    char from[16], to[16];
    snprintf(from, sizeof from, "c%d", i);
    snprintf(to, sizeof to, "c%d", i + 1);
    SYS(SYS_symlink, to, from);
  }
  SYS(SYS_mkdir, "c41", 0755);
  SYS(SYS_stat, "c1", buf);                                       /* 40 links: resolves */
  SYS(SYS_stat, "c0", buf);                                       /* 41 links: ELOOP */
  SYS(SYS_stat, "d/e/up/e/up/e", buf);
  SYS(SYS_stat, "d//e///", buf);
  SYS(SYS_stat, "reg/", buf);                                     /* ENOTDIR */
  SYS(SYS_stat, "/..", buf);
  memset(buf, 'n', 255);
  buf[255] = 0;
  SYS(SYS_mkdir, buf, 0755);
  SYS(SYS_rmdir, buf);
  buf[255] = 'n';
  buf[256 - 1] = 'n';
  char big[300];
  memset(big, 'n', 256);
  big[256] = 0;
  SYS(SYS_mkdir, big, 0755);                                      /* ENAMETOOLONG */
  char huge[4200];
  memset(huge, 'a', 4097);
  huge[4097] = 0;
  SYS(SYS_stat, huge, buf);                                       /* ENAMETOOLONG */
  /* chdir, fchdir, and a removed working directory. */
  SYS(SYS_chdir, "d/e");
  SYS(SYS_stat, "up", buf);
  int dfd = SYS(SYS_open, "..", O_RDONLY | O_DIRECTORY);
  SYS(SYS_chdir, "/proc/self/fd");
  SYS(SYS_fchdir, dfd);
  SYS(SYS_chdir, "reg");                                          /* ENOENT (d has no reg) */
  SYS(SYS_chdir, "../reg");                                       /* ENOTDIR */
  SYS(SYS_mkdir, "gone", 0755);
  SYS(SYS_chdir, "gone");
  SYS(SYS_rmdir, "../gone");
  int r = SYS(SYS_open, "x", O_CREAT | O_WRONLY, 0644);           /* ENOENT: dead directory */
  (void)r;
  SYS(SYS_mkdir, "y", 0755);                                      /* ENOENT */
  SYS(SYS_stat, ".", buf);
  SYS(SYS_fchdir, dfd);
  SYS(SYS_fchdir, 77);                                            /* EBADF */
  SYS(SYS_close, dfd);
  /* getdents64. */
  int fd = SYS(SYS_open, "e", O_RDONLY | O_DIRECTORY);
  SYS(SYS_getdents64, fd, buf, sizeof buf);
  SYS(SYS_getdents64, fd, buf, sizeof buf);
  SYS(SYS_getdents64, fd, buf, 8);                                /* EINVAL */
  SYS(SYS_lseek, fd, 0, SEEK_SET);
  SYS(SYS_getdents64, fd, buf, 8);                                /* EINVAL */
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "e/up", O_RDONLY);
  SYS(SYS_getdents64, fd, buf, sizeof buf);
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, "../reg", O_RDONLY);
  SYS(SYS_getdents64, fd, buf, sizeof buf);                       /* ENOTDIR */
  SYS(SYS_close, fd);
  SYS(SYS_getdents64, 55, buf, sizeof buf);                       /* EBADF */
  snprintf(path, sizeof path, "/proc/self/fd/%d", 0);
  SYS(SYS_umask, 077);
  SYS(SYS_mkdir, "masked", 0777);
  SYS(SYS_stat, "masked", buf);
  return 0;
}
