/**
 * Transition properties: named pure functions over a step (the world before, the call, its result,
 * the world after). They state what one step may do, where a state invariant cannot see it.
 */
import type { World } from '../model/world.js';
import { AT_FDCWD, AT_EMPTY_PATH } from '../model/flags.js';
import { filenameParentat } from '../ops/namei.js';
import type { SysResult } from '../ops/result.js';
import type { Syscall } from '../ops/syscalls.js';
import { deletedStaysDeleted } from './deleted-stays-deleted.js';
import type { Violation } from './violation.js';

export interface Transition {
  readonly before: World;
  readonly pid: number;
  readonly sc: Syscall;
  readonly result: SysResult;
  readonly after: World;
}

export interface TransitionProperty {
  readonly name: string;
  readonly doc: string;
  readonly check: (t: Transition) => Violation[];
}

/** A link never touches a fifo's buffer (patch 05: the pipe is the fifo's own). */
function pipeBuffersSurviveLinks(t: Transition): Violation[] {
  if (t.sc.call !== 'link' && t.sc.call !== 'linkat') return [];
  const out: Violation[] = [];
  for (const [id, inode] of Object.entries(t.before.inodes)) {
    const after = t.after.inodes[Number(id)];
    if (inode.i_pipe === null || after === undefined) continue;
    if (after.i_pipe?.buf !== inode.i_pipe.buf) {
      out.push({
        invariant: 'pipeBuffersSurviveLinks',
        message: `${t.sc.call} changed the buffer of fifo inode ${id}`,
      });
    }
  }
  return out;
}

/**
 * A relink (a link of an inode with i_nlink 0) names it only through the mount the open file was
 * opened on (do_linkat's same-mount rule, patch 09).
 */
function relinkOnlyThroughOwnMount(t: Transition): Violation[] {
  const sc = t.sc;
  if (sc.call !== 'linkat' || t.result.ok !== true || (sc.flags & AT_EMPTY_PATH) === 0 || sc.oldpath !== '') return [];
  const task = t.before.tasks[t.pid];
  const fileId = task === undefined ? undefined : t.before.fdtables[task.files]?.fds[sc.olddirfd]?.file;
  const file = fileId === undefined ? undefined : t.before.files[fileId];
  if (file === undefined || task === undefined) return [];
  const inode = t.before.inodes[file.f_inode];
  if (inode === undefined || inode.i_nlink !== 0) return [];
  const parent = filenameParentat(t.before, task, sc.newdirfd === AT_FDCWD ? AT_FDCWD : sc.newdirfd, sc.newpath);
  if (!parent.ok || parent.value.dir.kind !== 'path') return [];
  if (parent.value.dir.path.mnt === file.f_path.mnt) return [];
  return [
    {
      invariant: 'relinkOnlyThroughOwnMount',
      message: `inode ${inode.id} was relinked through mount ${parent.value.dir.path.mnt}, not its file's mount ${file.f_path.mnt}`,
    },
  ];
}

export const TRANSITION_PROPERTIES: readonly TransitionProperty[] = [
  {
    name: 'deletedStaysDeleted',
    doc: 'an inode with i_nlink 0 gets a name only by .relink into relink_dir (fs/namei.c: vfs_link)',
    check: (t) => deletedStaysDeleted(t.before, t.after),
  },
  {
    name: 'pipeBuffersSurviveLinks',
    doc: 'a link or relink never changes a fifo buffer (fs/pipe.c)',
    check: pipeBuffersSurviveLinks,
  },
  {
    name: 'relinkOnlyThroughOwnMount',
    doc: "a relink names an inode only through its open file's mount (fs/namei.c: do_linkat)",
    check: relinkOnlyThroughOwnMount,
  },
];

export function checkTransition(t: Transition): Violation[] {
  return TRANSITION_PROPERTIES.flatMap((p) => p.check(t));
}
