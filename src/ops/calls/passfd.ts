/**
 * passfd, the model-only call (src/model/syscall/table-model-only.ts) that passes an open file to
 * another task, as a unix socket's SCM_RIGHTS does; sockets are not modelled. One step stands for
 * the sender's sendmsg and the receiver's recvmsg:
 * - net/core/scm.c: scm_fp_copy — the sender's descriptor through fget_raw: EBADF for a negative
 *   one or a free slot; an O_PATH file passes.
 * - net/core/scm.c: scm_detach_fds → include/linux/file.h: receive_fd_user → fs/file.c:
 *   __receive_fd — get_unused_fd_flags in the receiver's table (the lowest free descriptor under
 *   the receiver's RLIMIT_NOFILE; O_CLOEXEC when it asked MSG_CMSG_CLOEXEC), then
 *   fd_install(get_file(file)).
 * The slot holds the sender's struct file: f_mode, f_flags, f_pos and f_cred are shared, so what
 * the receiver may do through it is what the opener could (measured on this machine:
 * test/corpus/programs/creds/passfd.c and its log). scm_fp_copy's reference, held while the file
 * is in flight, is dropped by __scm_destroy after the install; in one step only the slot's is seen.
 *
 * What is the model's own, for lack of a socket: ESRCH when `to` is no task or a zombie (which
 * calls recvmsg no more); EINVAL for a `cloexec` other than 0 or 1; and EMFILE when the receiver
 * has no descriptor free, where its recvmsg succeeds with MSG_CTRUNC and the file is dropped (the
 * log shows it). A receiver asleep in a call, or inside a split one, cannot call recvmsg: the step
 * cannot be taken (NotRunnable), as a call of its own could not.
 */
import { NotRunnable } from '../../model/errors.js';
import type { Pid } from '../../model/ids.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { allocFd, fdInstall, fdLookup } from '../vfs/fdtable.js';
import { fget } from '../vfs/refs.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

export function sys_passfd(w: MWorld, pid: Pid, sc: SyscallOf<'passfd'>): SysResult {
  if (sc.cloexec !== 0 && sc.cloexec !== 1) return fail('EINVAL');
  // scm_fp_copy: `if (fd < 0 || !(file = fget_raw(fd))) return -EBADF;`
  const file = sc.fd < 0 ? null : fdLookup(w, pid, sc.fd);
  if (file === null) return fail('EBADF');
  const receiver = Number.isSafeInteger(sc.to) ? w.tasks[sc.to] : undefined;
  if (receiver === undefined || receiver.state === 'zombie') return fail('ESRCH');
  if (receiver.state === 'blocked') throw new NotRunnable(`task ${sc.to} is asleep: it cannot call recvmsg`);
  const inside = w.inflight?.[sc.to];
  if (inside !== undefined)
    throw new NotRunnable(`task ${sc.to} is inside ${inside.call.call}: it cannot call recvmsg`);
  // __receive_fd: get_unused_fd_flags in the receiver's files_struct, under its own limit.
  const fd = allocFd(w, receiver.files, receiver.rlimit_nofile);
  if (fd === 'EMFILE') return fail('EMFILE');
  fget(w, file);
  fdInstall(w, receiver.files, fd, file, sc.cloexec === 1);
  return ok(fd);
}

/** This call's part of the syscall table (src/ops/run/table.ts). */
export const PASSFD_CALLS: Handlers<'passfd'> = { passfd: sys_passfd };
