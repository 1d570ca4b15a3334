/**
 * The security mode's alphabet (docs/checker.md, "The security mode"; the threat model is
 * docs/security.md's): a world of four tasks with different credentials and the calls each makes
 * at relink_dir and at the worker's files. The relink alphabet's tasks are all root; here:
 * - the checkpointer (pid 1, root) relinks the worker's open files through /proc/2/fd/3 with
 *   AT_SYMLINK_FOLLOW (CAP_SYS_PTRACE lets it follow another user's descriptor) and cleans up
 *   by unlinking the relinked name;
 * - the worker (pid 2, uid 1000, no capability) opens, writes, unlinks and closes its 0644 file
 *   /w/f, one others may read, so that unlinking it revokes their access;
 * - the stranger (pid 3, uid 1001, no capability), which holds nothing of the worker's, tries to
 *   open, remove, rename over and link names in relink_dir, and to relink its own deleted file;
 * - the fs-root helper (pid 4): a set-user-ID-root program run by 1000 that set its euid back
 *   (setresuid(1000, 1000, 0)) and its fsuid to 0 for file access (setfsuid(0)). It holds
 *   CAP_FS_MASK, not CAP_CHECKPOINT_RESTORE nor CAP_SYS_ADMIN, and fsuid 0 passes relink_dir's
 *   owner bits: a task that may create names in a private relink_dir but may not checkpoint.
 * Two starts, both explored: relink_dir private to root (0700), and as a careless admin leaves it
 * (chmod 0755 after relink=). Each call's answer on a real kernel is measured by
 * test/corpus/programs/creds/relink-security.c.
 */
import { AT_FDCWD, AT_SYMLINK_FOLLOW, O_RDONLY } from '../model/flags.js';
import { KERNELS } from '../model/kernel.js';
import { ModelBug } from '../model/errors.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { renderCall } from '../model/syscall/render.js';
import type { World } from '../model/world.js';
import { renderResult } from '../ops/run/render-result.js';
import { bootWorld } from '../ops/vfs/boot.js';
import { step } from '../ops/run/step.js';
import { Session } from '../session/session.js';
import { open, remount, type Op, type SetupCall } from './relink-alphabet.js';
import { DEBIAN_BOOT_SYSCTLS } from '../model/sysctl.js';

export const CHECKPOINTER = 1;
export const WORKER = 2;
export const STRANGER = 3;
export const FS_ROOT_HELPER = 4;

/** linkat(AT_FDCWD, path, AT_FDCWD, name, AT_SYMLINK_FOLLOW): naming what a /proc fd link reaches. */
const linkFollow = (path: string, name: string): Syscall => ({
  call: 'linkat',
  olddirfd: AT_FDCWD,
  oldpath: path,
  newdirfd: AT_FDCWD,
  newpath: name,
  flags: AT_SYMLINK_FOLLOW,
});

/**
 * What the checkpointer reads before it relinks: readlink of /proc/2/fd/3 ends in " (deleted)", the
 * way CRIU tells an unlinked file (fs/proc/base.c: proc_pid_readlink → d_path). Checkpoint relinks
 * only a file whose name is gone (src/cr/checkpoint.ts) and records a named one by its path; a
 * plain link by root of a file that still has its name is not a checkpoint's.
 */
function workerFileNameGone(w: World): boolean {
  const r = step(w, CHECKPOINTER, { call: 'readlink', path: '/proc/2/fd/3', bufsiz: 4096 }).result;
  return r.ok === true && r.link?.endsWith(' (deleted)') === true;
}

export const SECURITY_ALPHABET: readonly Op[] = [
  { label: 'worker opens /w/f', pid: WORKER, sc: open('/w/f') },
  { label: 'worker writes fd 3', pid: WORKER, sc: { call: 'write', fd: 3, data: 'x' } },
  { label: 'worker unlinks /w/f', pid: WORKER, sc: { call: 'unlink', path: '/w/f' } },
  { label: 'worker closes fd 3', pid: WORKER, sc: { call: 'close', fd: 3 } },
  {
    label: "checkpointer relinks the worker's fd 3, its name gone",
    pid: CHECKPOINTER,
    sc: linkFollow('/proc/2/fd/3', '/ckpt/r'),
    when: workerFileNameGone,
  },
  { label: 'checkpointer cleans up /ckpt/r', pid: CHECKPOINTER, sc: { call: 'unlink', path: '/ckpt/r' } },
  { label: 'stranger opens /ckpt/r', pid: STRANGER, sc: { call: 'open', path: '/ckpt/r', flags: O_RDONLY, mode: 0 } },
  { label: 'stranger unlinks /ckpt/r', pid: STRANGER, sc: { call: 'unlink', path: '/ckpt/r' } },
  {
    label: 'stranger renames /s/g over /ckpt/r',
    pid: STRANGER,
    sc: { call: 'rename', oldpath: '/s/g', newpath: '/ckpt/r' },
  },
  { label: 'stranger links /s/g as /ckpt/s', pid: STRANGER, sc: { call: 'link', oldpath: '/s/g', newpath: '/ckpt/s' } },
  { label: 'stranger links /ckpt/r as /s/r', pid: STRANGER, sc: { call: 'link', oldpath: '/ckpt/r', newpath: '/s/r' } },
  { label: 'stranger opens /s/g', pid: STRANGER, sc: open('/s/g') },
  { label: 'stranger unlinks /s/g', pid: STRANGER, sc: { call: 'unlink', path: '/s/g' } },
  { label: 'stranger relinks its fd 3', pid: STRANGER, sc: linkFollow('/proc/self/fd/3', '/ckpt/s') },
  { label: 'fs-root helper opens /h', pid: FS_ROOT_HELPER, sc: open('/h') },
  { label: 'fs-root helper unlinks /h', pid: FS_ROOT_HELPER, sc: { call: 'unlink', path: '/h' } },
  { label: 'fs-root helper relinks its fd 3', pid: FS_ROOT_HELPER, sc: linkFollow('/proc/self/fd/3', '/ckpt/t') },
];

/** A starting configuration: relink_dir's mode as the admin left it. */
export interface SecurityStart {
  readonly name: 'private' | 'careless';
  readonly relinkDirMode: number;
  readonly about: string;
}

export const SECURITY_STARTS: readonly SecurityStart[] = [
  { name: 'private', relinkDirMode: 0o700, about: 'relink_dir /ckpt private to root (0700)' },
  { name: 'careless', relinkDirMode: 0o755, about: 'relink_dir /ckpt as a careless admin leaves it (0755)' },
];

/** A task that becomes uid:gid, every id at once, as a daemon dropping root does. */
const become = (pid: number, id: number): SetupCall[] => [
  { pid, sc: { call: 'setresgid', rgid: id, egid: id, sgid: id } },
  { pid, sc: { call: 'setresuid', ruid: id, euid: id, suid: id } },
];

/** The calls that build a start, each by its task, as a scenario writes them. */
export function securitySetup(kernel: string, start: SecurityStart): SetupCall[] {
  const root = (sc: Syscall): SetupCall => ({ pid: CHECKPOINTER, sc });
  const series = KERNELS[kernel]?.relinkSeries === true;
  return [
    root({ call: 'mkdir', path: '/ckpt', mode: 0o700 }),
    root({ call: 'mkdir', path: '/w', mode: 0o755 }),
    root({ call: 'chown', path: '/w', owner: 1000, group: 1000 }),
    root({ call: 'mkdir', path: '/s', mode: 0o755 }),
    root({ call: 'chown', path: '/s', owner: 1001, group: 1001 }),
    // Under mainline relink= is refused, and relink_dir stays unset.
    ...(series ? [root(remount('relink=/ckpt'))] : []),
    ...(start.relinkDirMode === 0o700 ? [] : [root({ call: 'chmod', path: '/ckpt', mode: start.relinkDirMode })]),
    root({ call: 'fork', child: WORKER }),
    ...become(WORKER, 1000),
    root({ call: 'fork', child: STRANGER }),
    ...become(STRANGER, 1001),
    root({ call: 'fork', child: FS_ROOT_HELPER }),
    { pid: FS_ROOT_HELPER, sc: { call: 'setresgid', rgid: 1000, egid: 1000, sgid: 1000 } },
    { pid: FS_ROOT_HELPER, sc: { call: 'setresuid', ruid: 1000, euid: 1000, suid: 0 } },
    { pid: FS_ROOT_HELPER, sc: { call: 'setfsuid', fsuid: 0 } },
  ];
}

/** The world a start's setup builds (its calls unchecked: the search checks every step from it). */
export function securityStartWorld(kernel: string, start: SecurityStart): World {
  // A booted Debian machine, as the relink alphabet's (src/model/sysctl.ts).
  const booted = bootWorld({ kernel, sysctl: DEBIAN_BOOT_SYSCTLS, rootFs: 'ext4', outsideFds: [0, 1, 2] });
  const session = new Session(booted, {
    representation: 'immer',
    invariants: { when: 'off', set: 'state' },
  });
  for (const { pid, sc } of securitySetup(kernel, start)) {
    const out = session.run(pid, sc);
    if (out.result.ok !== true)
      throw new ModelBug(`setup call failed: ${pid} ${renderCall(sc)}${renderResult(out.result)}`);
  }
  return session.world;
}
