/**
 * The explorers' alphabet for the relink core: a small world (relink_dir /ckpt on ext4, a bind
 * mount /c of /data, a worker task 2 forked from the checkpointer 1) and the operations that move
 * it: opens through both mounts, links, unlinks, writes, a fifo, relinks into relink_dir, and
 * remounts that set or clear relink=. Every operation is a syscall by one task, so explorers only
 * call src/ops.
 */
import { AT_EMPTY_PATH, AT_FDCWD, MS_BIND, MS_REMOUNT, O_CREAT, O_RDWR } from '../model/flags.js';
import { S_IFIFO } from '../model/modes.js';
import type { World } from '../model/world.js';
import { KERNELS } from '../model/kernel.js';
import { DEBIAN_BOOT_SYSCTLS } from '../model/sysctl.js';
import { bootWorld } from '../ops/vfs/boot.js';
import { Session } from '../session/session.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { ModelBug } from '../model/errors.js';
import { renderCall } from '../model/syscall/render.js';
import { renderResult } from '../ops/run/render-result.js';

export interface Op {
  readonly label: string;
  readonly pid: number;
  readonly sc: Syscall;
  /**
   * What the task looks at first, when it makes the call only on what it sees (a tool's own check:
   * the security alphabet's checkpointer relinks a file only when /proc shows its name gone); the op
   * runs only from a world where this holds. Absent: it always runs.
   */
  readonly when?: (w: World) => boolean;
}

/** A call that builds a search's start, by the task that makes it (as a scenario step). */
export interface SetupCall {
  readonly pid: number;
  readonly sc: Syscall;
}

/** mount(2) remounting "/" with `data` (relink= set, changed or cleared). */
export const remount = (data: string): Syscall => ({
  call: 'mount',
  source: '',
  target: '/',
  fstype: '',
  flags: MS_REMOUNT,
  data,
});
/** open(2) of `path`, created if missing, read-write. */
export const open = (path: string): Syscall => ({ call: 'open', path, flags: O_CREAT | O_RDWR, mode: 0o644 });
/** The series' per-file checkpoint step: linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH). */
export const relink = (fd: number, name: string): Syscall => ({
  call: 'linkat',
  olddirfd: fd,
  oldpath: '',
  newdirfd: AT_FDCWD,
  newpath: name,
  flags: AT_EMPTY_PATH,
});

export const RELINK_ALPHABET: readonly Op[] = [
  { label: 'open /a', pid: 2, sc: open('/a') },
  { label: 'open /c/f (through the bind mount)', pid: 2, sc: open('/c/f') },
  { label: 'mkfifo /p', pid: 2, sc: { call: 'mknod', path: '/p', mode: S_IFIFO | 0o600, dev: 0 } },
  { label: 'open /p O_RDWR', pid: 2, sc: { call: 'open', path: '/p', flags: O_RDWR, mode: 0 } },
  { label: 'write 3', pid: 2, sc: { call: 'write', fd: 3, data: 'x' } },
  { label: 'close 3', pid: 2, sc: { call: 'close', fd: 3 } },
  { label: 'close 4', pid: 2, sc: { call: 'close', fd: 4 } },
  { label: 'link /a /b', pid: 2, sc: { call: 'link', oldpath: '/a', newpath: '/b' } },
  { label: 'unlink /a', pid: 2, sc: { call: 'unlink', path: '/a' } },
  { label: 'unlink /b', pid: 2, sc: { call: 'unlink', path: '/b' } },
  { label: 'unlink /c/f', pid: 2, sc: { call: 'unlink', path: '/c/f' } },
  { label: 'unlink /p', pid: 2, sc: { call: 'unlink', path: '/p' } },
  { label: 'relink fd 3 as /ckpt/r', pid: 2, sc: relink(3, '/ckpt/r') },
  { label: 'relink fd 4 as /ckpt/s', pid: 2, sc: relink(4, '/ckpt/s') },
  { label: 'unlink /ckpt/r', pid: 2, sc: { call: 'unlink', path: '/ckpt/r' } },
  { label: 'remount relink=/ckpt', pid: 1, sc: remount('relink=/ckpt') },
  { label: 'remount relink=/data', pid: 1, sc: remount('relink=/data') },
  { label: 'remount relink= (clear)', pid: 1, sc: remount('relink=') },
];

/** The calls that build the starting world (by pid 1), as a scenario would write them. */
export const SETUP: readonly Syscall[] = [
  { call: 'mkdir', path: '/ckpt', mode: 0o700 },
  { call: 'mkdir', path: '/data', mode: 0o700 },
  { call: 'mkdir', path: '/c', mode: 0o755 },
  { call: 'mount', source: '/data', target: '/c', fstype: '', flags: MS_BIND, data: '' },
  { call: 'fork', child: 2 },
];

/** Under the relink series the start already has relink_dir set (the remount ops change it). */
const RELINK_SETUP: Syscall = remount('relink=/ckpt');

/** The starting world for a kernel variant. Under mainline, relink= is refused (and stays unset). */
export function startWorld(kernel: string): World {
  // The setup's calls are not checked; the explorers check every step they take from it.
  // A booted Debian machine, as scenarios are by default (src/model/sysctl.ts).
  const booted = bootWorld({ kernel, sysctl: DEBIAN_BOOT_SYSCTLS, rootFs: 'ext4', outsideFds: [0, 1, 2] });
  const session = new Session(booted, {
    representation: 'immer',
    invariants: { when: 'off', set: 'state' },
  });
  for (const sc of KERNELS[kernel]?.relinkSeries === true ? [...SETUP, RELINK_SETUP] : SETUP) {
    const out = session.run(1, sc);
    if (out.result.ok !== true) throw new ModelBug(`setup call failed: ${renderCall(sc)}${renderResult(out.result)}`);
  }
  return session.world;
}
