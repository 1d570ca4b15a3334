/**
 * The relink series, patch 10 ("[RFC] Use call_usermodehelper to cleanup after failure"): after a
 * checkpoint fails part-way, or once the backup holds the relinked files, a helper removes the names
 * checkpoint created. Our choice: the helper is a task (the RFC's usermode helper runs in init's
 * context and namespace), and it removes a name only if it still names the inode checkpoint linked
 * there, so that a name somebody created in between survives.
 *
 * Only a check made in the same locked section as the removal keeps that promise against a task
 * that renames or links another file over the name meanwhile (docs/races.md, "The cleanup"). The
 * cleanup is a list of syscalls, one action at a time, so the race explorer can interleave them:
 * - `funlinkat` (the series' cleanup): one conditional unlink per name, checked under the parent's
 *   inode_lock (src/ops/steps/funlink-steps.ts). Linux 6.1 and our port lack that call (future work).
 *   It names the inode itself, pinned when checkpoint linked it (pinCreated), not its (st_dev,
 *   st_ino): once the relinked inode is freed, ext4 gives its ino to the next file created, and a
 *   file made at the name then has the recorded pair (test/ops/funlink-steps.test.ts).
 * - `fstatat-unlink`: what user space can do on 6.1, newfstatat and (st_dev, st_ino) compared, then
 *   unlink; racy (the name can change between the two calls). The lowering to real kernels runs it.
 * - `unlink`: no check at all (the seeded bug `cleanup-wrong-name`).
 */
import type { Errno } from '../model/errno.js';
import type { InodeId, Pid } from '../model/ids.js';
import type { CreatedName } from '../model/image.js';
import { hasBug, type KernelConfig } from '../model/kernel.js';
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../model/flags.js';
import type { SysResult } from '../ops/vfs/result.js';
import { applyCall, type CallObserver } from '../ops/run/step.js';
import type { FunlinkCall } from '../model/inflight.js';
import { runSplitInDraft, type SplitRecord } from '../ops/steps/run.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { filenameLookup } from '../ops/vfs/namei.js';
import { kernelOf, type MWorld, type RWorld } from '../ops/vfs/world-draft.js';

export type CleanupMethod = 'funlinkat' | 'fstatat-unlink' | 'unlink';

/** A created name and the inode checkpoint linked there (what a cleaner's fd would pin), if any. */
export interface CleanupTarget extends CreatedName {
  readonly inode: InodeId | null;
}

/**
 * Each name's inode, looked up as `helper` sees it, if it is the (st_dev, st_ino) checkpoint
 * recorded: run right after the checkpoint, this is the inode it linked.
 */
export function pinCreated(w: RWorld, helper: Pid, names: readonly CreatedName[]): CleanupTarget[] {
  const task = w.tasks[helper];
  return names.map((n) => {
    const r = task === undefined ? null : filenameLookup(w, task, AT_FDCWD, n.path, 0);
    const ino = r?.ok === true && r.value.kind === 'path' ? (w.dentries[r.value.path.dentry]?.d_inode ?? null) : null;
    const inode = ino === null ? undefined : w.inodes[ino];
    const same = inode !== undefined && w.superblocks[inode.i_sb]?.s_dev === n.dev && inode.i_ino === n.ino;
    return { path: n.path, dev: n.dev, ino: n.ino, inode: same ? ino : null };
  });
}

export interface CleanupOutcome {
  readonly removed: readonly string[];
  /** Names left alone: gone already, or now naming another inode. */
  readonly kept: readonly { readonly path: string; readonly why: Errno | 'other inode' }[];
}

/** Where a cleanup is: the next name, whether its newfstatat has run, and the outcome so far. */
export interface CleanupProgress extends CleanupOutcome {
  readonly next: number;
  readonly statted: boolean;
}

export const CLEANUP_START: CleanupProgress = { next: 0, statted: false, removed: [], kept: [] };

/** The series' cleanup in this kernel variant. */
export function cleanupMethodOf(k: KernelConfig): CleanupMethod {
  return hasBug(k, 'cleanup-wrong-name') ? 'unlink' : 'funlinkat';
}

/** The cleanup's next syscall, or null when every name has been dealt with. */
export function nextCleanupCall(
  method: CleanupMethod,
  names: readonly CleanupTarget[],
  p: CleanupProgress,
): SplitRecord | null {
  const n = names[p.next];
  if (n === undefined) return null;
  switch (method) {
    case 'funlinkat': {
      const f: FunlinkCall = { call: 'funlinkat', dirfd: AT_FDCWD, path: n.path, inode: n.inode };
      return f;
    }
    case 'fstatat-unlink':
      return p.statted
        ? { call: 'unlink', path: n.path }
        : { call: 'newfstatat', dirfd: AT_FDCWD, path: n.path, flags: AT_SYMLINK_NOFOLLOW };
    case 'unlink':
      return { call: 'unlink', path: n.path };
  }
}

const errnoOf = (r: SysResult): Errno => (r.ok === false ? r.errno : 'EAGAIN');

/** The progress after `sc` (the call nextCleanupCall gave) ended with `r`. */
export function afterCleanupCall(
  names: readonly CreatedName[],
  p: CleanupProgress,
  sc: SplitRecord,
  r: SysResult,
): CleanupProgress {
  const n = names[p.next];
  if (n === undefined) return p;
  const keep = (why: Errno | 'other inode'): CleanupProgress => ({
    next: p.next + 1,
    statted: false,
    removed: p.removed,
    kept: [...p.kept, { path: n.path, why }],
  });
  if (sc.call === 'newfstatat') {
    if (r.ok !== true || r.stat === undefined) return keep(errnoOf(r));
    if (r.stat.st_dev !== n.dev || r.stat.st_ino !== n.ino) return keep('other inode');
    return { ...p, statted: true };
  }
  if (r.ok === true) return { next: p.next + 1, statted: false, removed: [...p.removed, n.path], kept: p.kept };
  return keep(sc.call === 'funlinkat' && errnoOf(r) === 'EDEADLK' ? 'other inode' : errnoOf(r));
}

/**
 * The whole cleanup in one transition (scenarios and the sequential explorers). Names not pinned at
 * checkpoint (a scenario keeps only the image's names) are pinned now, by (st_dev, st_ino): an ino
 * freed and given to another file since the checkpoint would pass for the relinked one.
 */
export function cleanupCreatedNames(
  w: MWorld,
  helper: Pid,
  created: readonly (CreatedName | CleanupTarget)[],
  onCall?: CallObserver,
  method: CleanupMethod = cleanupMethodOf(kernelOf(w)),
): CleanupOutcome {
  const names = created.map((n) => ('inode' in n ? n : (pinCreated(w, helper, [n])[0] ?? { ...n, inode: null })));
  let p = CLEANUP_START;
  for (let sc = nextCleanupCall(method, names, p); sc !== null; sc = nextCleanupCall(method, names, p)) {
    let r: SysResult;
    if (sc.call === 'funlinkat') {
      r = runSplitInDraft(w, helper, sc);
    } else {
      const call: Syscall = sc;
      r = applyCall(w, helper, call).result;
      onCall?.(helper, call, r);
    }
    p = afterCleanupCall(names, p, sc, r);
  }
  return { removed: p.removed, kept: p.kept };
}
