/* link, linkat, unlink, unlinkat, rename, renameat and renameat2. */
#include "corpus.h"

int main(void) {
  char path[64];
  struct stat st;
  int fd = SYS(SYS_open, "a", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, fd, "data", 4);
  SYS(SYS_link, "a", "b");
  SYS(SYS_link, "a", "b");                                        /* EEXIST */
  SYS(SYS_link, "missing", "c");                                  /* ENOENT */
  SYS(SYS_mkdir, "d", 0755);
  SYS(SYS_link, "d", "d2");                                       /* EPERM */
  SYS(SYS_link, "a", "nodir/x");                                  /* ENOENT */
  SYS(SYS_link, "a", "b/x");                                      /* ENOTDIR */
  SYS(SYS_linkat, fd, "", AT_FDCWD, "c", AT_EMPTY_PATH);
  SYS(SYS_linkat, AT_FDCWD, "a", AT_FDCWD, "e", 0x8000);           /* EINVAL */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, "viaproc", AT_SYMLINK_FOLLOW);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, "viaproc2", 0);       /* EXDEV: the link itself is on procfs */
  snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)getpid(), fd);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, "viapid", AT_SYMLINK_FOLLOW);
  SYS(SYS_symlink, "a", "sl");
  SYS(SYS_linkat, AT_FDCWD, "sl", AT_FDCWD, "sl-hard", 0);        /* links the symlink */
  SYS(SYS_linkat, AT_FDCWD, "sl", AT_FDCWD, "sl-follow", AT_SYMLINK_FOLLOW);
  SYS(SYS_lstat, "sl-hard", &st);
  SYS(SYS_stat, "a", &st);
  /* Unlink every name: the open file lives on with i_nlink 0 and cannot be linked again. */
  SYS(SYS_unlink, "a");
  SYS(SYS_unlink, "b");
  SYS(SYS_unlink, "c");
  SYS(SYS_unlink, "viaproc");
  SYS(SYS_unlink, "viapid");
  SYS(SYS_unlink, "sl-follow");
  SYS(SYS_fstat, fd, &st);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "again", AT_EMPTY_PATH);      /* ENOENT */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, "again", AT_SYMLINK_FOLLOW); /* ENOENT */
  SYS(SYS_unlink, "a");                                           /* ENOENT */
  SYS(SYS_unlink, "d");                                           /* EISDIR */
  SYS(SYS_unlink, "sl/");                                         /* ENOTDIR */
  SYS(SYS_unlink, path);                                          /* EPERM: /proc */
  SYS(SYS_unlinkat, AT_FDCWD, "d", 0x4);                          /* EINVAL */
  SYS(SYS_mkdir, "d/sub", 0755);
  SYS(SYS_unlinkat, AT_FDCWD, "d", AT_REMOVEDIR);                 /* ENOTEMPTY */
  SYS(SYS_unlinkat, AT_FDCWD, "d/sub", AT_REMOVEDIR);
  SYS(SYS_rmdir, "d/.");                                          /* EINVAL */
  SYS(SYS_rmdir, "d/..");                                         /* ENOTEMPTY */
  SYS(SYS_rmdir, "sl");                                           /* ENOTDIR */
  /* Renames. */
  int g = SYS(SYS_open, "r1", O_CREAT | O_WRONLY, 0644);
  SYS(SYS_close, g);
  g = SYS(SYS_open, "r2", O_CREAT | O_WRONLY, 0644);
  SYS(SYS_close, g);
  SYS(SYS_rename, "r1", "r3");
  SYS(SYS_rename, "r1", "r3");                                    /* ENOENT */
  SYS(SYS_link, "r3", "r3-alias");
  SYS(SYS_rename, "r3", "r3-alias");                              /* same inode: 0, both stay */
  SYS(SYS_stat, "r3", &st);
  SYS(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "r3", RENAME_NOREPLACE); /* EEXIST */
  SYS(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "d", RENAME_EXCHANGE);
  SYS(SYS_stat, "r2", &st);
  SYS(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "d", RENAME_EXCHANGE);
  SYS(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "none", RENAME_EXCHANGE); /* ENOENT */
  SYS(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "r4", RENAME_EXCHANGE | RENAME_NOREPLACE); /* EINVAL */
  SYS(SYS_renameat, AT_FDCWD, "r2", AT_FDCWD, "r2b");
  SYS(SYS_mkdir, "d/in", 0755);
  SYS(SYS_rename, "d", "d/in/deeper");                            /* EINVAL */
  SYS(SYS_rename, "d/in", "d");                                   /* ENOTEMPTY */
  SYS(SYS_rename, "r2b", "d");                                    /* EISDIR */
  SYS(SYS_rename, "d", "r2b");                                    /* ENOTDIR */
  SYS(SYS_mkdir, "e", 0755);
  SYS(SYS_rename, "e", "d/in");                                   /* replaces an empty dir */
  SYS(SYS_stat, "d", &st);
  SYS(SYS_rename, "r2b/", "r5");                                  /* ENOTDIR */
  SYS(SYS_rename, "d/.", "x");                                    /* EBUSY */
  SYS(SYS_close, fd);
  /* Sticky directory: only the owner removes. */
  SYS(SYS_mkdir, "sticky", 01777);
  SYS(SYS_umask, 0);
  SYS(SYS_mkdir, "sticky2", 01777);
  g = SYS(SYS_open, "sticky2/rootfile", O_CREAT | O_WRONLY, 0644);
  SYS(SYS_close, g);
  AS_USER({
    SYS(SYS_unlink, "sticky2/rootfile");                          /* EPERM */
    SYS(SYS_link, "sticky2/rootfile", "sticky2/mine");            /* EPERM: protected_hardlinks */
  });
  return 0;
}
