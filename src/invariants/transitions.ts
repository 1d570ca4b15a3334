/**
 * Transition laws: named pure functions over a step (the world before, the call, its result, the
 * world after). They state what one step may do, where a state invariant cannot see it. Each is a
 * general law of the VFS, not a restatement of one bug: which seeded bug each finds is measured by
 * `relinklab check --mutation` (docs/checker.md).
 */
import type { World } from '../model/world.js';
import type { SysResult } from '../ops/vfs/result.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { ChangedTables, type ChangedRecords } from './changed-records.js';
import { contentsChangeOnlyThroughData, pipeBytesStayInOrder } from './contents-frame.js';
import { readBackWhatWasWritten } from './data-ledger.js';
import { deletedStaysDeleted } from './deleted-stays-deleted.js';
import { checkpointFootprint, cleanupFootprint, flowChangesOnlyItsFiles, type FlowName } from './flow-frame.js';
import { newNamesInsideSourceMount } from './mount-frame.js';
import { relinkDirKeptFromUnprivileged, revokedStaysRevoked } from './security.js';
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
  /**
   * The law over the step. With `changed` (the records that may differ between the worlds, every
   * other one the same object in both: changed-records.ts) it looks only where the step changed
   * something, and finds exactly what it finds without (each law file says why).
   */
  readonly check: (t: Transition, changed?: ChangedTables) => Violation[];
}

export const TRANSITION_PROPERTIES: readonly TransitionProperty[] = [
  {
    name: 'deletedStaysDeleted',
    doc: 'an inode with i_nlink 0 gets a name only by .relink into a private relink_dir, from a task that may checkpoint (fs/namei.c: vfs_link)',
    check: (t, c) => deletedStaysDeleted(t.before, t.after, t.pid, c?.ids('inodes')),
  },
  {
    name: 'contentsChangeOnlyThroughData',
    doc: "a file's bytes and a pipe's buffer change only in a read, write, truncate or splice (fs/read_write.c, fs/splice.c)",
    check: (t, c) => contentsChangeOnlyThroughData(t.before, t.after, t.pid, t.sc, c?.ids('inodes')),
  },
  {
    name: 'pipeBytesStayInOrder',
    doc: 'a pipe buffer loses bytes only at its front and gains them only at its end (fs/pipe.c: pipe_read, pipe_write)',
    check: (t, c) => pipeBytesStayInOrder(t.before, t.after, c?.ids('inodes')),
  },
  {
    name: 'readBackWhatWasWritten',
    doc: 'a write leaves its bytes where it wrote them; a read returns the bytes stored where it read (POSIX write(2))',
    // Reads only the records the call names (its fd's file and inode): no table walk to restrict.
    check: (t) => readBackWhatWasWritten(t.before, t.after, t.pid, t.sc, t.result),
  },
  {
    name: 'newNamesInsideSourceMount',
    doc: 'an inode gets a new name only under the root of a mount it was reached through (fs/namei.c: do_linkat, EXDEV)',
    check: (t, c) => newNamesInsideSourceMount(t.before, t.after, c?.ids('dentries')),
  },
  {
    name: 'revokedStaysRevoked',
    doc: 'a file whose ordinary names are all gone is opened anew only by a task that holds it or may checkpoint (docs/security.md)',
    check: (t, c) => revokedStaysRevoked(t.before, t.after, t.pid, c?.ids('files')),
  },
  {
    name: 'relinkDirKeptFromUnprivileged',
    doc: "relink_dir's names are created, removed or replaced only by a task with a capability or a root fs id (docs/security.md)",
    check: (t, c) => relinkDirKeptFromUnprivileged(t.before, t.after, t.pid, c?.ids('superblocks'), c?.ids('dentries')),
  },
];

/**
 * Every law over the step, in TRANSITION_PROPERTIES' order. `changed`, when the caller knows it:
 * the records (table kind, id) that may differ between `t.before` and `t.after`, every record not
 * listed being the same object in both (the search in place passes its undo frame); the laws then
 * look only at those, with the same violations in the same order as without.
 */
export function checkTransition(t: Transition, changed?: ChangedRecords): Violation[] {
  const c = changed === undefined ? undefined : new ChangedTables(changed);
  const out: Violation[] = [];
  for (const p of TRANSITION_PROPERTIES) for (const v of p.check(t, c)) out.push(v);
  return out;
}

/** A checkpoint of `pids`, or a cleanup of the names a checkpoint created: flows of many calls. */
export interface FlowTransition {
  readonly before: World;
  readonly after: World;
  readonly kind: 'checkpoint' | 'cleanup';
  readonly pids: readonly number[];
  readonly names: readonly FlowName[];
}

/**
 * The laws over a flow: those of a step that do not depend on the call, and the flow's frame
 * (flowChangesOnlyItsFiles: its names change only for the files it checkpointed).
 */
export function checkFlow(t: FlowTransition): Violation[] {
  const footprint =
    t.kind === 'checkpoint' ? checkpointFootprint(t.before, t.pids) : cleanupFootprint(t.before, t.names);
  return [
    ...deletedStaysDeleted(t.before, t.after),
    ...contentsChangeOnlyThroughData(t.before, t.after, 0, null),
    ...pipeBytesStayInOrder(t.before, t.after),
    ...newNamesInsideSourceMount(t.before, t.after),
    ...flowChangesOnlyItsFiles(t.before, t.after, footprint),
  ];
}
