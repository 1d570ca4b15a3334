/**
 * The single calls of random cross-check traces: which of the executable calls are drawn and how
 * often, as data. Each call's record is derived from its descriptor (src/crosscheck/gen-derive.ts),
 * so every call drawn here is one the C executor runs (test/crosscheck/gen-executable.test.ts).
 */
import fc from 'fast-check';
import type { SyscallDescriptor } from '../model/syscall/spec.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { SYSCALLS, type SyscallName } from '../model/syscall/table.js';
import { callArb } from './gen-derive.js';

/**
 * Calls drawn, with their weights, in the order fast-check's oneof numbers them: reordering or
 * reweighting changes every seeded trace. Opens weigh more, so that descriptor calls mostly find
 * something open.
 */
export const DRAW_WEIGHTS: readonly (readonly [SyscallName, number])[] = [
  ['open', 8],
  ['close', 1],
  ['read', 1],
  ['write', 1],
  ['pread64', 1],
  ['pwrite64', 1],
  ['lseek', 1],
  ['ftruncate', 1],
  ['truncate', 1],
  ['stat', 1],
  ['lstat', 1],
  ['fstat', 1],
  ['link', 1],
  ['unlink', 1],
  ['mkdir', 1],
  ['rmdir', 1],
  ['rename', 1],
  ['symlink', 1],
  ['readlink', 1],
  ['mknod', 1],
  ['dup', 1],
  ['dup2', 1],
  ['fcntl', 1],
  ['getdents64', 1],
  ['close_range', 1],
  ['copy_file_range', 1],
  ['sendfile', 1],
  ['splice', 1],
];

/** Not drawn yet: the seeded batch both QEMU kernels passed has none; drawing one changes it. */
const NOT_YET = 'not in the seeded batch both QEMU kernels passed (drawing it changes that batch)';
const MOUNT_CHUNKS = "gen.ts's relink= generators draw it, on the names and in the sequences the option needs";
/**
 * The credential and attribute calls: drawing them changes the seeded batch both QEMU kernels
 * passed, so random traces stay root's; scenarios/creds/ runs them on both kernels.
 */
const CREDS = 'not in the verified batch yet; scenarios cover them (scenarios/creds/)';

/**
 * Executable calls random traces do not draw as single calls, each with why. Every other
 * executable call is drawn, with weight 1, after DRAW_WEIGHTS's.
 */
export const NOT_DRAWN: { readonly [N in SyscallName]?: string } = {
  // A random trace is one task's calls: no second task, and no end before the last call.
  fork: 'one task per random trace',
  clone: 'one task per random trace',
  exit: 'the trace would end there',
  exit_group: 'the trace would end there',
  mount: MOUNT_CHUNKS,
  umount2: MOUNT_CHUNKS,
  fsopen: MOUNT_CHUNKS,
  fspick: MOUNT_CHUNKS,
  fsconfig: MOUNT_CHUNKS,
  fsmount: MOUNT_CHUNKS,
  openat: NOT_YET,
  creat: NOT_YET,
  newfstatat: NOT_YET,
  statx: NOT_YET,
  readlinkat: NOT_YET,
  access: NOT_YET,
  faccessat: NOT_YET,
  faccessat2: NOT_YET,
  linkat: NOT_YET,
  unlinkat: NOT_YET,
  mkdirat: NOT_YET,
  renameat2: NOT_YET,
  mknodat: NOT_YET,
  chdir: NOT_YET,
  fchdir: NOT_YET,
  dup3: NOT_YET,
  umask: NOT_YET,
  setuid: CREDS,
  setgid: CREDS,
  setreuid: CREDS,
  setregid: CREDS,
  setresuid: CREDS,
  setresgid: CREDS,
  setfsuid: CREDS,
  setfsgid: CREDS,
  setgroups: CREDS,
  getgroups: CREDS,
  getuid: CREDS,
  geteuid: CREDS,
  getgid: CREDS,
  getegid: CREDS,
  getresuid: CREDS,
  getresgid: CREDS,
  capget: CREDS,
  chmod: CREDS,
  fchmod: CREDS,
  fchmodat: CREDS,
  chown: CREDS,
  fchown: CREDS,
  lchown: CREDS,
  fchownat: CREDS,
  utimensat: CREDS,
};

/**
 * The calls of `table` drawn and their weights: `weights`' in its order, then every other
 * executable call not in `notDrawn`, in the table's order, with weight 1.
 */
export function drawOrder<N extends string>(
  table: Readonly<Record<N, SyscallDescriptor>>,
  weights: readonly (readonly [NoInfer<N>, number])[],
  notDrawn: { readonly [K in NoInfer<N>]?: string },
): [N, number][] {
  const weighted = new Set<string>(weights.map(([n]) => n));
  const rest = (Object.keys(table) as N[]).filter(
    (n) => table[n].executable && !weighted.has(n) && notDrawn[n] === undefined,
  );
  return [...weights.map(([n, w]): [N, number] => [n, w]), ...rest.map((n): [N, number] => [n, 1])];
}

/** One single call of a random trace. */
export const syscallArb: fc.Arbitrary<Syscall> = fc.oneof(
  ...drawOrder(SYSCALLS, DRAW_WEIGHTS, NOT_DRAWN).map(([name, weight]) => ({ arbitrary: callArb(name), weight })),
);
