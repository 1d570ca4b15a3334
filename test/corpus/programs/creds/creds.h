/* Shared by the credential programs (scripts/record-creds.sh): corpus.h's raw system calls, plus
 * ways to become another user and to show, in the strace log, what the kernel decided (the mode
 * and owner of a file, the task's ids and capabilities). The log is the record: each helper makes
 * a call whose decoded arguments or result carry the fact. */
#include "corpus.h"
#include <linux/capability.h>

/* The other users of these programs: 1000 and 1001 exist only as numbers (no /etc/passwd entry
 * is needed by the kernel), group 1002 is a group neither is in unless given it. */
#define U1 1000
#define U2 1001
#define G3 1002

/* fchmodat2 (Linux 6.6) is newer than this machine's headers; strace 6.1 prints it as
 * syscall_0x1c4. */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/* Become uid/gid with the given supplementary groups, every id of the set (real, effective, saved,
 * fs) at once, as a daemon dropping root does. */
static inline void become(uid_t uid, gid_t gid, int ngroups, const gid_t *groups) {
  SYS(SYS_setgroups, ngroups, groups);
  SYS(SYS_setresgid, gid, gid, gid);
  SYS(SYS_setresuid, uid, uid, uid);
}

/* Run `body` in a forked child that became uid/gid (no supplementary groups). */
#define AS(uid, gid, body)                 \
  do {                                     \
    pid_t _p = (pid_t)SYS(SYS_fork);       \
    if (_p == 0) {                         \
      become((uid), (gid), 0, NULL);       \
      body;                                \
      SYS(SYS_exit_group, 0);              \
    }                                      \
    reap(_p);                              \
  } while (0)

/* The same with supplementary groups. */
#define AS_GROUPS(uid, gid, n, groups, body) \
  do {                                       \
    pid_t _p = (pid_t)SYS(SYS_fork);         \
    if (_p == 0) {                           \
      become((uid), (gid), (n), (groups));   \
      body;                                  \
      SYS(SYS_exit_group, 0);                \
    }                                        \
    reap(_p);                                \
  } while (0)

/* Run `body` in a forked child with root's credentials unchanged. */
#define CHILD(body)                        \
  do {                                     \
    pid_t _p = (pid_t)SYS(SYS_fork);       \
    if (_p == 0) {                         \
      body;                                \
      SYS(SYS_exit_group, 0);              \
    }                                      \
    reap(_p);                              \
  } while (0)

/* The mode, uid and gid of a name, as strace -v decodes the struct (not following a symlink). */
static inline void show(const char *path) {
  struct stat st;
  SYS(SYS_lstat, path, &st);
}

/* The task's ids: real, effective and saved uid and gid; the fsuid and fsgid as setfsuid(-1) and
 * setfsgid(-1) return them (an invalid id changes nothing and returns the current one); the
 * supplementary groups. */
static inline void ids(void) {
  uid_t r, e, s;
  gid_t gs[8];
  SYS(SYS_getresuid, &r, &e, &s);
  SYS(SYS_getresgid, &r, &e, &s);
  SYS(SYS_setfsuid, -1);
  SYS(SYS_setfsgid, -1);
  SYS(SYS_getgroups, 8, gs);
}

/* The capability sets twice: capget, which strace decodes by name, and /proc/self/status's CapEff
 * and CapPrm lines, written to stdout so that the log shows them (the read itself is cut at -s). */
static inline void caps(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  SYS(SYS_capget, &h, d);
  char buf[4096];
  int fd = SYS(SYS_open, "/proc/self/status", O_RDONLY);
  long n = SYS(SYS_read, fd, buf, sizeof buf - 1);
  SYS(SYS_close, fd);
  if (n <= 0) return;
  buf[n] = 0;
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
    if (!strncmp(line, "CapPrm:", 7) || !strncmp(line, "CapEff:", 7)) {
      char out[64];
      int len = snprintf(out, sizeof out, "%s\n", line);
      SYS(SYS_write, 1, out, len);
    }
}

/* Create a regular file with an exact mode (umask cleared around the creat) and owner. */
static inline void make(const char *path, mode_t mode, uid_t uid, gid_t gid) {
  mode_t old = (mode_t)SYS(SYS_umask, 0);
  SYS(SYS_close, SYS(SYS_open, path, O_CREAT | O_WRONLY | O_TRUNC, mode & 0777));
  SYS(SYS_chown, path, uid, gid);
  SYS(SYS_chmod, path, mode); /* after chown, which clears set-id bits */
  SYS(SYS_umask, old);
}

/* Write an integer to a sysctl file (fs.protected_* here), so the log shows the value used. */
static inline void sysctl(const char *path, const char *value) {
  int fd = SYS(SYS_open, path, O_WRONLY);
  SYS(SYS_write, fd, value, strlen(value));
  SYS(SYS_close, fd);
}
