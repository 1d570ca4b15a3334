/**
 * The security of relink as laws over a step (docs/security.md). An unprivileged task is one with
 * no capability and no root id to act with (fsuid other than 0): under the threat model it holds
 * only what it opened or was given, and sees only names its ids let it reach.
 *
 * - revokedStaysRevoked: a file whose last ordinary name is gone (no name, or names only in
 *   relink_dir) is opened anew only by a task that already holds it or may checkpoint.
 * - relinkDirKeptFromUnprivileged: relink_dir's names are created, removed or replaced only by a
 *   task that is not unprivileged.
 */
import type { InodeId, Pid } from '../model/ids.js';
import type { World } from '../model/world.js';
import type { Task } from '../model/task.js';
import { checkpointRestoreCapable } from '../ops/relink/relink-op.js';
import type { Violation } from './violation.js';

/** No capability and no root fs id (docs/security.md, "Threat model"). */
export function unprivileged(t: Task): boolean {
  return t.cred.cap_effective === 0 && t.cred.fsuid !== 0;
}

/** The inodes `pid` holds open, through its fd table. */
function heldInodes(w: World, pid: Pid): Set<number> {
  const out = new Set<number>();
  const t = w.tasks[pid];
  const table = t === undefined ? undefined : w.fdtables[t.files];
  for (const e of Object.values(table?.fds ?? {})) {
    const f = w.files[e.file];
    if (f !== undefined) out.add(f.f_inode);
  }
  return out;
}

/** Is every hashed name of `ino` (if any) directly in its superblock's relink_dir? */
function onlyInRelinkDir(w: World, ino: InodeId): boolean {
  const inode = w.inodes[ino];
  if (inode === undefined) return false;
  const relinkDir = w.superblocks[inode.i_sb]?.s_relink_dir ?? null;
  for (const d of Object.values(w.dentries)) {
    if (d.d_inode !== ino || d.d_unhashed || d.d_parent === d.id) continue;
    if (relinkDir === null || d.d_parent !== relinkDir) return false;
  }
  return true;
}

/** New struct files in `pid`'s table after the step: (file, inode) pairs. */
function newFilesOf(before: World, after: World, pid: Pid): { file: number; ino: InodeId }[] {
  const t = after.tasks[pid];
  const table = t === undefined ? undefined : after.fdtables[t.files];
  const out: { file: number; ino: InodeId }[] = [];
  for (const e of Object.values(table?.fds ?? {})) {
    const f = after.files[e.file];
    if (f !== undefined && before.files[e.file] === undefined) out.push({ file: e.file, ino: f.f_inode });
  }
  return out;
}

/**
 * revokedStaysRevoked, over one step by `pid`. `changedFiles`, when given, are the struct files that
 * may differ between the worlds (changed-records.ts). The same verdicts: the law judges only files
 * new in the step (absent before, there after), and such a file differs, so it is listed; with
 * none listed as new the whole law finds nothing to judge, and with one it runs whole.
 */
export function revokedStaysRevoked(
  before: World,
  after: World,
  pid: Pid,
  changedFiles?: readonly number[],
): Violation[] {
  if (
    changedFiles !== undefined &&
    !changedFiles.some((f) => before.files[f] === undefined && after.files[f] !== undefined)
  )
    return [];
  const actor = before.tasks[pid];
  if (actor === undefined || checkpointRestoreCapable(actor)) return [];
  const held = heldInodes(before, pid);
  const out: Violation[] = [];
  for (const { ino } of newFilesOf(before, after, pid)) {
    const inode = before.inodes[ino];
    if (inode === undefined || held.has(ino) || !onlyInRelinkDir(before, ino)) continue;
    out.push({
      invariant: 'revokedStaysRevoked',
      message: `pid ${pid} opened inode ${ino} (ino ${inode.i_ino}), whose ordinary names are gone, without holding it`,
    });
  }
  return out;
}

/** relink_dir's entries as name → inode, per superblock that has one. */
function relinkDirEntries(w: World): Map<string, number> {
  const out = new Map<string, number>();
  for (const sb of Object.values(w.superblocks)) {
    if (sb.s_relink_dir === null) continue;
    const dir = w.dentries[sb.s_relink_dir];
    for (const [name, child] of Object.entries(dir?.d_children ?? {})) {
      const ino = w.dentries[child]?.d_inode ?? null;
      if (ino !== null) out.set(`${sb.id}/${name}`, ino);
    }
  }
  return out;
}

/**
 * relinkDirKeptFromUnprivileged, over one step by `pid`. `changedSuperblocks` and
 * `changedDentries`, when given, are the records of those tables that may differ between the
 * worlds (changed-records.ts). The same verdicts: relink_dir's entries are read from superblocks
 * and dentries only, so with none of those listed both worlds give the same entries, and nothing
 * changed; with any listed the law runs whole.
 */
export function relinkDirKeptFromUnprivileged(
  before: World,
  after: World,
  pid: Pid,
  changedSuperblocks?: readonly number[],
  changedDentries?: readonly number[],
): Violation[] {
  if (changedSuperblocks?.length === 0 && changedDentries?.length === 0) return [];
  const actor = before.tasks[pid];
  if (actor === undefined || !unprivileged(actor)) return [];
  const was = relinkDirEntries(before);
  const is = relinkDirEntries(after);
  const changed = [...new Set([...was.keys(), ...is.keys()])].filter((k) => was.get(k) !== is.get(k));
  return changed.map((k) => ({
    invariant: 'relinkDirKeptFromUnprivileged',
    message: `unprivileged pid ${pid} changed relink_dir's name ${k.split('/').slice(1).join('/')}`,
  }));
}
