/* Giving an open file a name: linkat(fd, "", AT_FDCWD, new, AT_EMPTY_PATH) and
 * linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, new, AT_SYMLINK_FOLLOW), as root and as 1000.
 * 6.18's fs/namei.c: path_init (commit 42bd2af59504, 6.10) lets AT_EMPTY_PATH through when the
 * file's f_cred is the caller's current cred (the same struct, not equal ids) or the caller has
 * CAP_DAC_READ_SEARCH, else ENOENT; 6.1's do_linkat requires CAP_DAC_READ_SEARCH (ENOENT without
 * it). The /proc route needs no capability on either. Then may_linkat (protected_hardlinks, set to
 * 1 here), and vfs_link: i_nlink 0 without I_LINKABLE is ENOENT (O_TMPFILE without O_EXCL is
 * linkable once). */
#include "creds.h"
#include <pthread.h>
#include <sys/prctl.h>

static void proc_link(int fd, const char *name) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
}

/* A thread shares its creator's cred (kernel/cred.c: copy_creds with CLONE_THREAD). */
static void *thread_link(void *fd) {
  SYS(SYS_linkat, *(int *)fd, "", AT_FDCWD, "u/bt", AT_EMPTY_PATH);
  return NULL;
}

int main(void) {
  int fd, fd2;
  sysctl("/proc/sys/fs/protected_hardlinks", "1");
  SYS(SYS_mkdir, "u", 0755);
  SYS(SYS_chown, "u", U1, U1);                                     /* 1000's directory */
  make("u/rootfile", 0644, 0, 0);                                  /* root's, readable by all */
  /* Root: CAP_DAC_READ_SEARCH, so any descriptor. */
  fd = SYS(SYS_open, "a", O_RDWR | O_CREAT, 0644);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "a2", AT_EMPTY_PATH);          /* 0 */
  CHILD({ SYS(SYS_linkat, fd, "", AT_FDCWD, "a3", AT_EMPTY_PATH); });  /* 0: another cred, CAP */
  proc_link(fd, "a4");                                             /* 0 */
  SYS(SYS_unlink, "a");
  SYS(SYS_unlink, "a2");
  SYS(SYS_unlink, "a3");
  SYS(SYS_unlink, "a4");
  SYS(SYS_linkat, fd, "", AT_FDCWD, "a5", AT_EMPTY_PATH);          /* ENOENT: i_nlink 0 */
  proc_link(fd, "a5");                                             /* ENOENT */
  SYS(SYS_close, fd);
  /* O_TMPFILE: linkable without O_EXCL (once), never with it. */
  fd = SYS(SYS_open, ".", O_TMPFILE | O_RDWR, 0600);
  proc_link(fd, "t1");                                             /* 0 */
  SYS(SYS_unlink, "t1");
  proc_link(fd, "t2");                                             /* ENOENT: I_LINKABLE went */
  SYS(SYS_linkat, fd, "", AT_FDCWD, "t2", AT_EMPTY_PATH);          /* ENOENT */
  SYS(SYS_close, fd);
  fd = SYS(SYS_open, ".", O_TMPFILE | O_RDWR | O_EXCL, 0600);
  SYS(SYS_linkat, fd, "", AT_FDCWD, "t3", AT_EMPTY_PATH);          /* ENOENT */
  proc_link(fd, "t3");                                             /* ENOENT */
  SYS(SYS_close, fd);
  /* 1000 with a file it opened itself: 0 on 6.18 (ENOENT on 6.1); /proc works on both. */
  AS(U1, U1, {
    fd = SYS(SYS_open, "u/b", O_RDWR | O_CREAT, 0644);
    SYS(SYS_linkat, fd, "", AT_FDCWD, "u/b2", AT_EMPTY_PATH);      /* 0 (6.1: ENOENT) */
    proc_link(fd, "u/b3");                                         /* 0 */
    fd2 = SYS(SYS_open, "u/b", O_PATH);
    SYS(SYS_linkat, fd2, "", AT_FDCWD, "u/b4", AT_EMPTY_PATH);     /* 0: O_PATH too */
    pthread_t t;
    pthread_create(&t, NULL, thread_link, &fd);                    /* 0: a thread, the same cred */
    pthread_join(t, NULL);
    CHILD({ SYS(SYS_linkat, fd, "", AT_FDCWD, "u/b5", AT_EMPTY_PATH); }); /* ENOENT: fork's new cred */
    CHILD({ proc_link(fd, "u/b5"); });                             /* 0 */
    SYS(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0);                   /* a new cred, the same ids */
    SYS(SYS_linkat, fd, "", AT_FDCWD, "u/b6", AT_EMPTY_PATH);      /* ENOENT */
    proc_link(fd, "u/b6");                                         /* 0 */
    fd2 = SYS(SYS_open, "u/b", O_RDONLY);                          /* opened under the new cred */
    SYS(SYS_linkat, fd2, "", AT_FDCWD, "u/b7", AT_EMPTY_PATH);     /* 0 */
    /* Someone else's file it opened itself: may_linkat decides (EPERM), not the cred. */
    fd2 = SYS(SYS_open, "u/rootfile", O_RDONLY);
    SYS(SYS_linkat, fd2, "", AT_FDCWD, "u/r2", AT_EMPTY_PATH);     /* EPERM (6.1: ENOENT) */
    proc_link(fd2, "u/r3");                                        /* EPERM */
    /* Its own O_TMPFILE. */
    fd2 = SYS(SYS_open, "u", O_TMPFILE | O_RDWR, 0600);
    SYS(SYS_linkat, fd2, "", AT_FDCWD, "u/t4", AT_EMPTY_PATH);     /* 0 (6.1: ENOENT) */
    fd2 = SYS(SYS_open, "u", O_TMPFILE | O_RDWR | O_EXCL, 0600);
    SYS(SYS_linkat, fd2, "", AT_FDCWD, "u/t5", AT_EMPTY_PATH);     /* ENOENT */
    /* Unlinked: ENOENT both ways, whoever asks. */
    SYS(SYS_unlink, "u/b");
    SYS(SYS_unlink, "u/b2");
    SYS(SYS_unlink, "u/b3");
    SYS(SYS_unlink, "u/b4");
    SYS(SYS_unlink, "u/b5");
    SYS(SYS_unlink, "u/b6");
    SYS(SYS_unlink, "u/b7");
    SYS(SYS_unlink, "u/bt");
    SYS(SYS_linkat, fd, "", AT_FDCWD, "u/b8", AT_EMPTY_PATH);      /* ENOENT */
    proc_link(fd, "u/b8");                                         /* ENOENT */
  });
  /* A descriptor root opened before the child became 1000: ENOENT by AT_EMPTY_PATH; by /proc the
   * file's ownership decides (protected_hardlinks). */
  make("u/c", 0644, U1, U1);
  fd = SYS(SYS_open, "u/c", O_RDONLY);
  fd2 = SYS(SYS_open, "u/rootfile", O_RDONLY);
  AS(U1, U1, {
    SYS(SYS_linkat, fd, "", AT_FDCWD, "u/c2", AT_EMPTY_PATH);      /* ENOENT */
    proc_link(fd, "u/c3");                                         /* 0: 1000 owns it */
    proc_link(fd2, "u/r4");                                        /* EPERM */
  });
  return 0;
}
