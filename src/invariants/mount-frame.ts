/**
 * A mount bounds what a link can expose: an inode that gets a new name gets it under the root of a
 * mount it was already reached through, by one of its names or by an open file's f_path.mnt. This
 * is what do_linkat's same-mount rule (fs/namei.c: "if (old_path.mnt != new_path.mnt) goto
 * exit_dput", EXDEV) and do_renameat2's keep: a file seen only through a bind mount of a
 * subdirectory cannot be given a name outside that subdirectory, whoever asks and by which call.
 */
import type { DentryId, InodeId } from '../model/ids.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/** Is dentry `d` at or below `root` (walking d_parent, as d_path and is_subdir do)? */
function under(w: World, d: DentryId, root: DentryId): boolean {
  let cur = d;
  for (let n = 0; n < 4096; n++) {
    if (cur === root) return true;
    const parent = w.dentries[cur]?.d_parent;
    if (parent === undefined || parent === cur) return false;
    cur = parent;
  }
  return false;
}

const named = (w: World, d: DentryId): boolean => {
  const x = w.dentries[d];
  return x !== undefined && x.d_inode !== null && !x.d_unhashed && x.d_parent !== x.id;
};

/**
 * The mounts `ino` could be reached through in `w`: under their root by a name, by an open file, or
 * by a path a call in the middle of its steps looked up and holds (src/ops/steps/).
 */
function mountsReaching(w: World, ino: InodeId): Set<number> {
  const out = new Set<number>();
  for (const f of Object.values(w.files)) if (f.f_inode === ino) out.add(f.f_path.mnt);
  for (const call of Object.values(w.inflight ?? {})) {
    for (const ref of Object.values(call.refs)) {
      if (ref.kind === 'path' && w.dentries[ref.path.dentry]?.d_inode === ino) out.add(ref.path.mnt);
    }
  }
  const names = Object.values(w.dentries).filter((d) => d.d_inode === ino && named(w, d.id));
  for (const m of Object.values(w.mounts)) {
    if (names.some((d) => d.d_sb === m.mnt_sb && under(w, d.id, m.mnt_root))) out.add(m.id);
  }
  return out;
}

/**
 * Checked over one step: every new name of an inode that existed before lies inside such a mount.
 * `changedDentries` (ascending), when given, are the dentries that may differ between the worlds
 * (changed-records.ts): only those are looked at. The same verdicts: a dentry not listed is the
 * same object in both worlds, so it was named before with the same inode and parent (named reads
 * the dentry alone) and is skipped by the whole walk too; where a listed dentry is judged, the
 * mounts reaching its inode and its path are read from the whole worlds as before.
 */
export function newNamesInsideSourceMount(
  before: World,
  after: World,
  changedDentries?: readonly number[],
): Violation[] {
  if (before.dentries === after.dentries || changedDentries?.length === 0) return [];
  const out: Violation[] = [];
  const dentries =
    changedDentries === undefined ? Object.values(after.dentries) : changedDentries.map((i) => after.dentries[i]);
  for (const d of dentries) {
    if (d === undefined) continue;
    const ino = d.d_inode;
    if (ino === null || before.inodes[ino] === undefined || !named(after, d.id)) continue;
    const was = before.dentries[d.id];
    if (was !== undefined && was.d_inode === ino && named(before, d.id) && was.d_parent === d.d_parent) continue;
    const reaching = mountsReaching(before, ino);
    const inside = [...reaching].some((m) => {
      const root = after.mounts[m]?.mnt_root ?? before.mounts[m]?.mnt_root;
      return root !== undefined && under(after, d.id, root);
    });
    if (!inside) {
      out.push({
        invariant: 'newNamesInsideSourceMount',
        message: `inode ${ino} got the name ${d.d_name} outside every mount it was reached through (${[...reaching].join(', ') || 'none'})`,
      });
    }
  }
  return out;
}
