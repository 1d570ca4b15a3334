/**
 * Descriptors of the model-only calls: operations no Linux 6.1 syscall is, standing for what
 * programs do through calls the model does not have. None is decoded from strace logs and the C
 * executor runs none, so no kernel is compared with them: lowering a scenario for a kernel stops
 * at one, with its reason (src/scenario/lower.ts). Traces and scenarios name them as any call, and
 * each is rendered like a syscall, `passfd(3, 2, 0)`, though none is one. The relink series'
 * funlinkat is model-only too, but as a split call outside this table (src/model/inflight.ts).
 */
import { fd, int } from './args.js';
import type { SyscallDescriptor } from './spec.js';

export const MODEL_ONLY_CALLS = {
  /**
   * The caller's open file `fd` passed to task `to`, as a unix socket's SCM_RIGHTS passes it: the
   * sender's sendmsg and the receiver's recvmsg (with MSG_CMSG_CLOEXEC when `cloexec` is 1) in
   * one step. Returns the descriptor the receiver got, in its own table (src/ops/calls/passfd.ts).
   */
  passfd: {
    arity: 3,
    args: [fd('fd', 0), int('to', 1), int('cloexec', 2)],
    kernel:
      'net/core/scm.c: scm_fp_copy (fget_raw) → scm_detach_fds → fs/file.c: __receive_fd (get_unused_fd_flags, fd_install)',
    fdTable: true,
    ret: 'passed-fd',
    strace: false,
    executable: false,
  },
} as const satisfies Readonly<Record<string, SyscallDescriptor>>;

export type ModelOnlyName = keyof typeof MODEL_ONLY_CALLS;

/** Why each model-only call is one: what a program does instead, which the model cannot run. */
const WHY: { readonly [N in ModelOnlyName]: string } = {
  passfd: 'sockets are not modelled; a program passes a descriptor with sendmsg and recvmsg (SCM_RIGHTS)',
};

/** Why `name` is a model-only call, or null for a syscall of Linux 6.1. */
export function modelOnlyWhy(name: string): string | null {
  return Object.hasOwn(WHY, name) ? WHY[name as ModelOnlyName] : null;
}
