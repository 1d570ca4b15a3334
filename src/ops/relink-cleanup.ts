/**
 * The relink series, patch 10 ("[RFC] Use call_usermodehelper to cleanup after failure"): after a
 * checkpoint fails part-way, or once the backup holds the relinked files, a helper removes the names
 * checkpoint created. Our choice: the helper is a task (the RFC's usermode helper runs in init's
 * context and namespace), and it unlinks a name only if it still is the inode checkpoint linked
 * there, (dev, ino) checked with fstatat first, so a name somebody created in between survives.
 */
import type { Errno } from '../model/errno.js';
import type { Pid } from '../model/ids.js';
import type { CreatedName } from '../model/image.js';
import { hasBug } from '../model/kernel.js';
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../model/flags.js';
import type { SysResult } from './result.js';
import { applyCall, type CallObserver } from './step.js';
import type { Syscall } from './syscalls.js';
import { kernelOf, type MWorld } from './world-draft.js';

export interface CleanupOutcome {
  readonly removed: readonly string[];
  /** Names left alone: gone already, or now naming another inode. */
  readonly kept: readonly { readonly path: string; readonly why: Errno | 'other inode' }[];
}

export function cleanupCreatedNames(
  w: MWorld,
  helper: Pid,
  names: readonly CreatedName[],
  onCall?: CallObserver,
): CleanupOutcome {
  const call = (sc: Syscall): SysResult => {
    const r = applyCall(w, helper, sc).result;
    onCall?.(helper, sc, r);
    return r;
  };
  const removed: string[] = [];
  const kept: { path: string; why: Errno | 'other inode' }[] = [];
  const checkIdentity = !hasBug(kernelOf(w), 'cleanup-wrong-name');
  for (const n of names) {
    if (checkIdentity) {
      const st = call({ call: 'newfstatat', dirfd: AT_FDCWD, path: n.path, flags: AT_SYMLINK_NOFOLLOW });
      if (st.ok !== true || st.stat === undefined) {
        kept.push({ path: n.path, why: st.ok === false ? st.errno : 'EAGAIN' });
        continue;
      }
      if (st.stat.st_dev !== n.dev || st.stat.st_ino !== n.ino) {
        kept.push({ path: n.path, why: 'other inode' });
        continue;
      }
    }
    const r = call({ call: 'unlink', path: n.path });
    if (r.ok === true) removed.push(n.path);
    else kept.push({ path: n.path, why: r.ok === false ? r.errno : 'EAGAIN' });
  }
  return { removed, kept };
}
