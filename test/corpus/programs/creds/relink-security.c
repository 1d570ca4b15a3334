/* The security alphabet's premises (src/checker/security-alphabet.ts; docs/checker.md, "The
 * security mode"): what each of its tasks may do to relink_dir and to the worker's files, on this
 * machine's kernel, which has no relink series (so every link of an unlinked file is ENOENT, the
 * answer the correct series gives a task that may not checkpoint or a relink_dir not private).
 * - The checkpointer (root) follows the worker's /proc/PID/fd/3 with AT_SYMLINK_FOLLOW:
 *   proc_fd_link asks ptrace_may_access (PTRACE_MODE_READ_FSCREDS), which CAP_SYS_PTRACE passes
 *   for another user's task. The worker stops itself (SIGSTOP) so its descriptor is open then.
 * - The stranger (1001) against relink_dir private (0700: EACCES on the walk) and as a careless
 *   admin leaves it (0755: it opens a 0644 name there, but creates, removes and replaces none:
 *   EACCES; linking that name out is EPERM, fs.protected_hardlinks 1, as this machine and Debian
 *   boot).
 * - The fs-root helper: a set-user-ID-root program run by 1000 that gave up its euid
 *   (setresuid(1000, 1000, 0): effective set cleared, permitted kept) and took fsuid 0 for file
 *   access (setfsuid(0): commoncap's cap_task_fix_setuid raises CAP_FS_MASK, and only it, from
 *   permitted). fsuid 0 passes relink_dir's owner bits; it has neither CAP_SYS_ADMIN nor
 *   CAP_CHECKPOINT_RESTORE. */
#include "creds.h"

static void proc_link(pid_t pid, int fd, const char *name) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
  SYS(SYS_linkat, AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
}

/* Wait until the child has stopped itself (wait4 and kill are not modelled: skipped). */
static void stopped(pid_t p) {
  int st = 0;
  waitpid(p, &st, WUNTRACED);
}

/* What the stranger tries against relink_dir, holding its own s/g open as fd 3 (unlinked when
 * `unlinked`). */
static void stranger(int unlinked) {
  SYS(SYS_open, "s/g", O_RDWR | O_CREAT, 0644);
  if (unlinked) SYS(SYS_unlink, "s/g");
  SYS(SYS_unlink, "ckpt/r");
  SYS(SYS_link, "s/h", "ckpt/s");
  SYS(SYS_rename, "s/h", "ckpt/r");
  SYS(SYS_link, "ckpt/r", "s/r");
  proc_link(SYS(SYS_getpid), 3, "ckpt/s");
  SYS(SYS_open, "ckpt/r", O_RDONLY);
}

int main(void) {
  SYS(SYS_mkdir, "ckpt", 0700);
  SYS(SYS_mkdir, "w", 0755);
  SYS(SYS_chown, "w", U1, U1);
  SYS(SYS_mkdir, "s", 0755);
  SYS(SYS_chown, "s", U2, U2);
  make("s/h", 0644, U2, U2);

  /* The worker's 0644 file f, linked into relink_dir by root through /proc/PID/fd while named,
   * and its file d, unlinked: refused (ENOENT: vfs_link, i_nlink 0). */
  pid_t w = (pid_t)SYS(SYS_fork);
  if (w == 0) {
    become(U1, U1, 0, NULL);
    SYS(SYS_open, "w/f", O_RDWR | O_CREAT, 0644);
    SYS(SYS_write, 3, "x", 1);
    SYS(SYS_open, "w/d", O_RDWR | O_CREAT, 0644);
    SYS(SYS_unlink, "w/d");
    SYS(SYS_kill, SYS(SYS_getpid), SIGSTOP);
    SYS(SYS_exit_group, 0);
  }
  stopped(w);
  proc_link(w, 3, "ckpt/r");
  show("ckpt/r");
  proc_link(w, 4, "ckpt/r2");
  SYS(SYS_kill, w, SIGCONT);
  reap(w);

  /* relink_dir private: the stranger is stopped at the walk into it. */
  AS(U2, U2, stranger(0));
  AS(U2, U2, stranger(1));
  /* relink_dir as a careless admin leaves it. */
  SYS(SYS_chmod, "ckpt", 0755);
  AS(U2, U2, stranger(0));
  AS(U2, U2, stranger(1));
  SYS(SYS_chmod, "ckpt", 0700);

  /* The fs-root helper: into the private relink_dir by its owner bits, not by a capability. */
  CHILD({
    SYS(SYS_setgroups, 0, NULL);
    SYS(SYS_setresgid, U1, U1, U1);
    SYS(SYS_setresuid, U1, U1, 0);
    SYS(SYS_setfsuid, 0);
    ids();
    caps();
    SYS(SYS_open, "h", O_RDWR | O_CREAT, 0644);
    show("h");
    proc_link(SYS(SYS_getpid), 3, "ckpt/t");
    SYS(SYS_unlink, "ckpt/t");
    SYS(SYS_unlink, "h");
    proc_link(SYS(SYS_getpid), 3, "ckpt/t");
    SYS(SYS_open, "ckpt/r", O_RDONLY);
  });
  return 0;
}
