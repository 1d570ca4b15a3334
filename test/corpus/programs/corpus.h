/* Shared by the corpus programs: raw system calls, so the strace log shows the call the model
 * names (libc would turn open into openat, stat into newfstatat, fork into clone). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS(...) syscall(__VA_ARGS__)

/* Wait for a child and return its exit status (wait4 is not modelled: it is skipped). */
static inline int reap(pid_t p) {
  int st = 0;
  waitpid(p, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Run `body` in a forked child as uid/gid 1000 (for EACCES and EPERM cases). */
#define AS_USER(body)                    \
  do {                                   \
    pid_t _p = (pid_t)SYS(SYS_fork);     \
    if (_p == 0) {                       \
      SYS(SYS_setgid, 1000);             \
      SYS(SYS_setuid, 1000);             \
      body;                              \
      SYS(SYS_exit_group, 0);            \
    }                                    \
    reap(_p);                            \
  } while (0)
