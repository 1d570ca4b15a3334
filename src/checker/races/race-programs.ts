/**
 * Small multi-task programs for the race explorer: each starts from the relink alphabet's world
 * (/ckpt as relink_dir, /data bound on /c, the checkpointer 1 and the worker 2), runs its setup
 * one call after another, then gives each task a list of operations whose steps the explorer
 * interleaves. Each program pits a relink (linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH)) against
 * one thing that can happen to its file, its name or relink_dir at the same time.
 */
import { CLONE_FILES, MNT_DETACH } from '../../model/flags.js';
import { S_IFREG } from '../../model/modes.js';
import type { World } from '../../model/world.js';
import { RELINK_NAME_PREFIX } from '../../cr/checkpoint.js';
import type { CleanupMethod } from '../../cr/relink-cleanup.js';
import type { Syscall } from '../../model/syscall/syscall.js';
import { open, relink as relinkCall, remount } from '../relink-alphabet.js';

/** One operation of a task: a syscall (split at its lock boundaries when it has steps), or a flow. */
export type RaceOp =
  | { readonly kind: 'call'; readonly sc: Syscall }
  /** Checkpoint `pids` with the relink strategy (patch 04), by this task (task 1: scenarios replay it so). */
  | { readonly kind: 'checkpoint'; readonly pids: readonly number[] }
  /**
   * Remove the names this task's last checkpoint created (patch 10), by the variant's method or by
   * `method` (src/cr/relink-cleanup.ts), one syscall section at a time.
   */
  | { readonly kind: 'cleanup'; readonly method?: CleanupMethod };

export interface RaceTask {
  readonly pid: number;
  readonly ops: readonly RaceOp[];
}

export interface RaceProgram {
  readonly name: string;
  readonly about: string;
  /** Calls by [pid, call], run in order before the race; each must succeed. */
  readonly setup: readonly (readonly [number, Syscall])[];
  /** The racing tasks, given the world after the setup (names may depend on inode numbers). */
  readonly tasks: (w: World) => readonly RaceTask[];
}

const call = (sc: Syscall): RaceOp => ({ kind: 'call', sc });
const relink = (fd: number, newpath: string): RaceOp => call(relinkCall(fd, newpath));
const unlink = (path: string): RaceOp => call({ call: 'unlink', path });
const fixed =
  (...tasks: RaceTask[]) =>
  (): readonly RaceTask[] =>
    tasks;

/** Worker 2 holds /a open as fd 3, and /a is gone: the file checkpoint must relink. */
const UNLINKED: readonly (readonly [number, Syscall])[] = [
  [2, open('/a')],
  [2, { call: 'unlink', path: '/a' }],
];
/** The seed's alias case: /a open as fd 3, linked as /b, /a unlinked; the inode still has /b. */
const ALIASED: readonly (readonly [number, Syscall])[] = [
  [2, open('/a')],
  [2, { call: 'link', oldpath: '/a', newpath: '/b' }],
  [2, { call: 'unlink', path: '/a' }],
];

/** The name checkpoint gives pid's fd (src/cr/checkpoint.ts), known once the setup has run. */
function relinkedName(w: World, pid: number, fd: number): string {
  const table = w.fdtables[w.tasks[pid]?.files ?? -1];
  const file = w.files[table?.fds[fd]?.file ?? -1];
  const ino = w.inodes[file?.f_inode ?? -1]?.i_ino ?? 0;
  return `/ckpt/${RELINK_NAME_PREFIX}${ino}-0`;
}

export const RACE_PROGRAMS: readonly RaceProgram[] = [
  {
    name: 'relink-vs-unlink-name',
    about: 'task 2 relinks fd 3 as /ckpt/r while task 1 unlinks /ckpt/r',
    setup: UNLINKED,
    tasks: fixed({ pid: 2, ops: [relink(3, '/ckpt/r')] }, { pid: 1, ops: [unlink('/ckpt/r')] }),
  },
  {
    name: 'relink-vs-last-close',
    about: 'task 2 relinks fd 3 while task 3, sharing its fd table, closes fd 3 (the last reference)',
    setup: [...UNLINKED, [2, { call: 'clone', flags: CLONE_FILES, child: 3 }]],
    tasks: fixed({ pid: 2, ops: [relink(3, '/ckpt/r')] }, { pid: 3, ops: [call({ call: 'close', fd: 3 })] }),
  },
  {
    name: 'relink-vs-rmdir',
    about: 'task 2 relinks fd 3 into relink_dir while task 1 removes relink_dir (rmdir /ckpt)',
    setup: UNLINKED,
    tasks: fixed({ pid: 2, ops: [relink(3, '/ckpt/r')] }, { pid: 1, ops: [call({ call: 'rmdir', path: '/ckpt' })] }),
  },
  {
    name: 'relink-vs-rename-over',
    about: 'task 2 relinks fd 3 while task 1 renames an empty directory over relink_dir',
    setup: [[1, { call: 'mkdir', path: '/e', mode: 0o755 }], ...UNLINKED],
    tasks: fixed(
      { pid: 2, ops: [relink(3, '/ckpt/r')] },
      { pid: 1, ops: [call({ call: 'rename', oldpath: '/e', newpath: '/ckpt' })] },
    ),
  },
  {
    name: 'relink-vs-rename-away',
    about: 'task 2 relinks fd 3 while task 1 renames relink_dir to /k (6.1 does not lock a moved directory)',
    setup: UNLINKED,
    tasks: fixed(
      { pid: 2, ops: [relink(3, '/ckpt/r')] },
      { pid: 1, ops: [call({ call: 'rename', oldpath: '/ckpt', newpath: '/k' })] },
    ),
  },
  {
    name: 'relink-vs-remount',
    about: 'task 2 relinks fd 3 into /ckpt while task 1 remounts with relink=/data',
    setup: UNLINKED,
    tasks: fixed({ pid: 2, ops: [relink(3, '/ckpt/r')] }, { pid: 1, ops: [call(remount('relink=/data'))] }),
  },
  {
    name: 'flink-vs-unlink',
    about: 'task 2 links fd 3 (still named /b) as /data/x while task 1 unlinks /b, its last name (aae8a97d3ec3)',
    setup: ALIASED,
    // Another directory than /b's: the link's directory lock would otherwise order the two.
    tasks: fixed({ pid: 2, ops: [relink(3, '/data/x')] }, { pid: 1, ops: [unlink('/b')] }),
  },
  {
    name: 'alias-relink-vs-unlink',
    about: 'task 2 relinks fd 3 (still named /b) into /ckpt while task 1 unlinks /b',
    setup: ALIASED,
    tasks: fixed({ pid: 2, ops: [relink(3, '/ckpt/r')] }, { pid: 1, ops: [unlink('/b')] }),
  },
  {
    name: 'relink-vs-umount',
    about: 'with relink=/data, task 2 relinks a file opened through /c as /c/r while task 1 lazily unmounts /c',
    setup: [
      [1, remount('relink=/data')],
      [2, open('/c/f')],
      [2, { call: 'unlink', path: '/c/f' }],
    ],
    tasks: fixed(
      { pid: 2, ops: [relink(3, '/c/r')] },
      { pid: 1, ops: [call({ call: 'umount2', target: '/c', flags: MNT_DETACH })] },
    ),
  },
  {
    name: 'cleanup-vs-reuse',
    about: 'task 1 checkpoints task 2 and cleans up while task 3 renames a file of its own over the relinked name',
    setup: [
      ...UNLINKED,
      [1, { call: 'fork', child: 3 }],
      [3, { call: 'mknod', path: '/z', mode: S_IFREG | 0o644, dev: 0 }],
    ],
    tasks: (w: World): readonly RaceTask[] => [
      { pid: 1, ops: [{ kind: 'checkpoint', pids: [2] }, { kind: 'cleanup' }] },
      { pid: 3, ops: [call({ call: 'rename', oldpath: '/z', newpath: relinkedName(w, 2, 3) })] },
    ],
  },
  {
    name: 'cleanup-vs-ino-reuse',
    about:
      'task 1 checkpoints task 2 and cleans up while task 3 unlinks the relinked name, task 2 closes the file and task 3 creates a file at the name, which gets the freed ino',
    setup: [...UNLINKED, [1, { call: 'fork', child: 3 }]],
    tasks: (w: World): readonly RaceTask[] => [
      { pid: 1, ops: [{ kind: 'checkpoint', pids: [2] }, { kind: 'cleanup' }] },
      { pid: 3, ops: [unlink(relinkedName(w, 2, 3)), call(open(relinkedName(w, 2, 3)))] },
      { pid: 2, ops: [call({ call: 'close', fd: 3 })] },
    ],
  },
  {
    name: 'mount-relink-missing',
    about:
      'task 1 mounts a fresh ext4 device on /m with relink=/ckpt, which it does not have, while task 2 relinks fd 3 into /ckpt',
    setup: [[1, { call: 'mkdir', path: '/m', mode: 0o755 }], ...UNLINKED],
    tasks: fixed(
      { pid: 2, ops: [relink(3, '/ckpt/r')] },
      {
        pid: 1,
        ops: [
          call({ call: 'mount', source: '/dev/vdb', target: '/m', fstype: 'ext4', flags: 0, data: 'relink=/ckpt' }),
        ],
      },
    ),
  },
];

/** Longer programs for the random sampler: three tasks, several operations each. */
export const LONG_PROGRAMS: readonly RaceProgram[] = [
  {
    name: 'relink-churn',
    about:
      'relinks and links of one file against unlinks, a close, remounts, rmdir and replacement of relink_dir, a lazy umount',
    setup: [
      ...ALIASED,
      [2, { call: 'clone', flags: CLONE_FILES, child: 3 }],
      [1, { call: 'mkdir', path: '/e', mode: 0o755 }],
    ],
    tasks: fixed(
      { pid: 2, ops: [relink(3, '/ckpt/r'), unlink('/ckpt/r'), relink(3, '/ckpt/s'), relink(3, '/data/x')] },
      { pid: 3, ops: [unlink('/b'), call({ call: 'close', fd: 3 }), unlink('/ckpt/s')] },
      {
        pid: 1,
        ops: [
          call(remount('relink=/data')),
          call({ call: 'rmdir', path: '/ckpt' }),
          call({ call: 'rename', oldpath: '/e', newpath: '/ckpt' }),
          call(remount('relink=/ckpt')),
          call({ call: 'umount2', target: '/c', flags: MNT_DETACH }),
        ],
      },
    ),
  },
  {
    name: 'checkpoint-churn',
    about: 'two checkpoints and cleanups of task 2 while task 3 replaces relinked names and task 2 relinks and closes',
    setup: [...UNLINKED, [1, { call: 'fork', child: 3 }]],
    tasks: (w: World): readonly RaceTask[] => {
      const name = relinkedName(w, 2, 3);
      return [
        { pid: 1, ops: [{ kind: 'checkpoint', pids: [2] }, { kind: 'cleanup' }, { kind: 'checkpoint', pids: [2] }] },
        { pid: 3, ops: [unlink(name), call(open(name)), unlink('/ckpt/q'), call({ call: 'rmdir', path: '/ckpt' })] },
        { pid: 2, ops: [relink(3, '/ckpt/q'), call({ call: 'close', fd: 3 })] },
      ];
    },
  },
];
