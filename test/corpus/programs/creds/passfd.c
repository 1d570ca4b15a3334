/* An open file passed to another user's task over a unix socket (SCM_RIGHTS), the model's
 * passfd (src/ops/calls/passfd.ts). net/core/scm.c: scm_fp_copy takes each file with fget_raw
 * (EBADF for a descriptor that is not open; an O_PATH file passes); the receiver's recvmsg
 * installs it with scm_detach_fds → receive_fd_user → __receive_fd: get_unused_fd_flags (the
 * lowest free descriptor under the receiver's RLIMIT_NOFILE, O_CLOEXEC with MSG_CMSG_CLOEXEC),
 * fd_install. The struct file keeps its f_mode, f_flags and f_cred: uid 1000 reads and writes
 * root's 0600 file through it, which it cannot open by name. With no descriptor free the
 * receiver's recvmsg still returns the data, with MSG_CTRUNC and no descriptor. */
#include "creds.h"
#include <sys/resource.h>
#include <sys/socket.h>

/* One byte with `fd` attached (fd < 0: a bad descriptor the kernel refuses with EBADF). */
static void send_fd(int sock, int fd) {
  char byte = 'x';
  struct iovec iov = {&byte, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof u);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  SYS(SYS_sendmsg, sock, &msg, 0);
}

/* One byte and the descriptor it carries (strace prints it in cmsg_data), or -1 when none came. */
static int recv_fd(int sock, int flags) {
  char byte;
  struct iovec iov = {&byte, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof u);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
  if (SYS(SYS_recvmsg, sock, &msg, flags) < 0) return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

int main(void) {
  int sv[2];
  SYS(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv); /* 3, 4 */
  make("secret", 0600, 0, 0);
  int rw = SYS(SYS_open, "secret", O_RDWR);        /* 5: root's, read and write */
  SYS(SYS_write, rw, "root only\n", 10);
  SYS(SYS_lseek, rw, 0, SEEK_SET);
  int gone = SYS(SYS_open, "gone", O_RDWR | O_CREAT, 0600);
  SYS(SYS_write, gone, "unlinked\n", 9);
  SYS(SYS_lseek, gone, 0, SEEK_SET);
  SYS(SYS_unlink, "gone");                         /* reachable only through the descriptor */
  int path = SYS(SYS_open, "secret", O_PATH);
  pid_t p = (pid_t)SYS(SYS_fork);
  if (p == 0) {
    become(U1, U1, 0, NULL);
    SYS(SYS_close, sv[0]);                         /* 3 is free: the lowest */
    SYS(SYS_close, rw);
    SYS(SYS_close, gone);
    SYS(SYS_close, path);
    SYS(SYS_open, "secret", O_RDONLY);             /* EACCES: 0600 root */
    char buf[32];
    int a = recv_fd(sv[1], 0);                     /* 3 */
    SYS(SYS_fcntl, a, F_GETFD);                    /* 0 */
    SYS(SYS_fcntl, a, F_GETFL);                    /* O_RDWR: the opener's */
    SYS(SYS_read, a, buf, sizeof buf);             /* "root only\n" */
    SYS(SYS_write, a, "1000 was here\n", 14);      /* FMODE_WRITE: the opener's */
    int b = recv_fd(sv[1], MSG_CMSG_CLOEXEC);      /* 5 */
    SYS(SYS_fcntl, b, F_GETFD);                    /* FD_CLOEXEC */
    struct stat st;
    SYS(SYS_fstat, b, &st);                        /* st_nlink 0 */
    SYS(SYS_read, b, buf, sizeof buf);             /* "unlinked\n" */
    int c = recv_fd(sv[1], 0);                     /* 6: O_PATH */
    SYS(SYS_fcntl, c, F_GETFL);                    /* O_PATH */
    SYS(SYS_fstat, c, &st);
    SYS(SYS_read, c, buf, sizeof buf);             /* EBADF: O_PATH */
    struct rlimit rl = {7, 7};
    SYS(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL); /* 0-6 open: none free */
    recv_fd(sv[1], 0);                             /* MSG_CTRUNC, no descriptor */
    SYS(SYS_open, "/dev/null", O_RDONLY);          /* EMFILE */
    SYS(SYS_exit_group, 0);
  }
  send_fd(sv[0], rw);
  send_fd(sv[0], gone);
  send_fd(sv[0], path);
  send_fd(sv[0], rw);
  send_fd(sv[0], 99);                              /* EBADF: not open */
  send_fd(sv[0], -1);                              /* EBADF */
  reap(p);
  SYS(SYS_lseek, rw, 0, SEEK_CUR);                 /* 24: the position 1000 moved (one struct file) */
  char all[32];
  SYS(SYS_pread64, rw, all, sizeof all, 0);        /* "root only\n1000 was here\n" */
  return 0;
}
