/**
 * The syscall descriptor table: one entry per modelled call, x86_64 names as strace prints them.
 * Each entry says what the call's arguments are (kind, type, strace position), the kernel path
 * it follows, whether it changes the fd table, what its answer holds, how strace logs it and
 * whether the C executor runs it on real kernels. The `Syscall` record type, the list of names,
 * the native trace schema, strace decoding, symbolic rendering, the replay's per-call questions
 * and the teaching table of kernel paths all derive from it. The model-only calls, which no kernel
 * has (table-model-only.ts), come last. The handlers are keyed by the same names in
 * src/ops/run/table.ts, whose mapped type makes a missing handler a compile error.
 */
import { FILE_CALLS } from './table-files.js';
import { MOUNT_CALLS } from './table-mounts.js';
import { NAME_CALLS } from './table-names.js';
import { TASK_CALLS } from './table-tasks.js';
import { CRED_CALLS } from './table-creds.js';
import { ATTR_CALLS } from './table-attrs.js';
import { MODEL_ONLY_CALLS } from './table-model-only.js';
import type { SyscallDescriptor } from './spec.js';

export const SYSCALLS = {
  ...FILE_CALLS,
  ...NAME_CALLS,
  ...TASK_CALLS,
  ...CRED_CALLS,
  ...ATTR_CALLS,
  ...MOUNT_CALLS,
  ...MODEL_ONLY_CALLS,
} as const;

export type SyscallName = keyof typeof SYSCALLS;

/** Every modelled call's name, in the table's order. */
export const SYSCALL_NAMES = Object.keys(SYSCALLS) as readonly SyscallName[];

/** The descriptor of `name`, typed for generic readers. */
export function descriptorOf(name: SyscallName): SyscallDescriptor {
  return SYSCALLS[name];
}

/** Whether `name` is a modelled call. */
export function isSyscallName(name: string): name is SyscallName {
  return Object.hasOwn(SYSCALLS, name);
}
