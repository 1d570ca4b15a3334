/* fork, vfork, clone (with and without CLONE_FILES), dup/dup2/dup3, fcntl, execve, exit. */
#include "corpus.h"
#include <sched.h>

static char stack[65536];

static int child_closes(void *arg) {
  SYS(SYS_close, (int)(long)arg);
  SYS(SYS_exit, 0);
  return 0;
}

int main(int argc, char **argv) {
  char buf[16];
  if (argc > 1) {
    /* After execve: the close-on-exec descriptor is gone, the other is still here. */
    SYS(SYS_fcntl, 3, F_GETFD);
    SYS(SYS_fcntl, 4, F_GETFD);                                   /* EBADF */
    SYS(SYS_close, 3);
    SYS(SYS_exit_group, 0);
  }
  int fd = SYS(SYS_open, "f", O_CREAT | O_RDWR, 0644);
  SYS(SYS_write, fd, "abcdef", 6);
  int d = SYS(SYS_dup, fd);
  SYS(SYS_lseek, d, 1, SEEK_SET);                                 /* shared f_pos */
  SYS(SYS_read, fd, buf, 2);
  SYS(SYS_dup2, fd, 10);
  SYS(SYS_dup2, fd, fd);
  SYS(SYS_dup2, 99, 11);                                          /* EBADF */
  SYS(SYS_dup3, fd, 12, O_CLOEXEC);
  SYS(SYS_dup3, fd, fd, 0);                                       /* EINVAL */
  SYS(SYS_dup3, fd, 13, 1);                                       /* EINVAL */
  SYS(SYS_fcntl, fd, F_DUPFD, 20);
  SYS(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20);
  SYS(SYS_fcntl, 12, F_GETFD);
  SYS(SYS_fcntl, fd, F_GETFL);
  SYS(SYS_fcntl, fd, F_SETFL, O_APPEND | O_NONBLOCK);
  SYS(SYS_fcntl, fd, F_GETFL);
  SYS(SYS_fcntl, 98, F_GETFL);                                    /* EBADF */
  SYS(SYS_close, d);
  SYS(SYS_close, 10);
  SYS(SYS_close, 12);
  SYS(SYS_close, 20);
  SYS(SYS_close, 21);
  /* fork: the child's table is a copy; its close does not touch the parent's. */
  pid_t p = SYS(SYS_fork);
  if (p == 0) {
    SYS(SYS_close, fd);
    SYS(SYS_read, fd, buf, 1);                                    /* EBADF */
    SYS(SYS_exit_group, 0);
  }
  reap(p);
  SYS(SYS_fcntl, fd, F_GETFD);
  /* clone without CLONE_FILES, then with it (the child's close is the parent's). */
  p = clone(child_closes, stack + sizeof stack, SIGCHLD, (void *)(long)fd);
  reap(p);
  SYS(SYS_fcntl, fd, F_GETFD);
  int e = SYS(SYS_dup, fd);
  p = clone(child_closes, stack + sizeof stack, CLONE_FILES | SIGCHLD, (void *)(long)e);
  reap(p);
  SYS(SYS_fcntl, e, F_GETFD);                                     /* EBADF */
  /* vfork: the child shares memory until it exits. */
  p = vfork();
  if (p == 0) {
    SYS(SYS_exit, 0);
  }
  reap(p);
  /* execve: fd 4 close-on-exec, fd 3 kept. */
  SYS(SYS_dup2, fd, 3);
  int c = SYS(SYS_open, "f", O_RDONLY | O_CLOEXEC);
  (void)c;
  char *args[] = {argv[0], "after-exec", NULL};
  char *env[] = {NULL};
  p = SYS(SYS_fork);
  if (p == 0) {
    execve(argv[0], args, env);
    SYS(SYS_exit_group, 1);
  }
  reap(p);
  SYS(SYS_exit, 0);
  return 0;
}
