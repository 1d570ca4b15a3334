/**
 * The mount data string, parsed in one place (the seam where the relink series adds its relink=
 * option). fs/fs_context.c: generic_parse_monolithic splits at commas and hands each key to
 * vfs_parse_fs_param, which takes the generic superblock flags first (vfs_parse_sb_flag: "ro", "rw",
 * ...) and then the file system's own parameters; an unknown key is EINVAL ("Unknown parameter").
 * Only names are checked; values are kept as given. The raw string is what s_options keeps.
 */
import { FS_TYPES, type MountableFsType } from '../../model/fstype.js';
import { Unmodelled } from '../../model/errors.js';
import { err, val, type Res } from './result.js';

export interface MountOptions {
  /** The raw string, for s_options. */
  readonly raw: string;
  /** vfs_parse_sb_flag: the last of "ro" / "rw" in the string, or null when neither is given. */
  readonly rdonly: boolean | null;
  /** tmpfs mode=: the root directory's permission bits (shmem_parse_one: & 07777). */
  readonly rootMode: number | null;
  /** The relink series, patch 08: relink=PATH ("" clears it); null when not given. */
  readonly relink: string | null;
  /**
   * An option the file system does not know, left for its fill_super to refuse (EINVAL):
   * legacy types only (FsTypeInfo.legacyFsContext); for the others it is EINVAL at once.
   */
  readonly unknownAtFillSuper: boolean;
}

/** What the kernel being modelled adds to the file systems' parameters. */
export interface ParseContext {
  /** The relink series is applied: ext4, ext3 and btrfs take relink= (patch 08). */
  readonly relinkSeries: boolean;
}

function splitOptions(data: string): { key: string; value: string | null }[] {
  return data
    .split(',')
    .filter((o) => o.length > 0)
    .map((o) => {
      const eq = o.indexOf('=');
      return eq < 0 ? { key: o, value: null } : { key: o.slice(0, eq), value: o.slice(eq + 1) };
    });
}

/**
 * Parse `data` for a mount or remount of `type`: EINVAL for a parameter the file system lacks
 * (FsTypeInfo.optionKeys). Types with FsTypeInfo.legacyFsContext (btrfs: no init_fs_context in
 * 6.1): fs/fs_context.c gives them legacy_fs_context_ops, so mount(2)'s whole option string, or the
 * options fsconfig(2) adds one by one (legacy_parse_param), goes to their ->mount at vfs_get_tree.
 * btrfs parses it only when it fills a new superblock (btrfs_mount_root → btrfs_fill_super →
 * open_ctree → btrfs_parse_options); a mount that sget answers with a superblock already mounted
 * looks only at device= (btrfs_parse_device_options) and subvol= (btrfs_parse_subvol_options), so
 * an option btrfs does not know is refused only for a new superblock. A remount parses them all
 * (btrfs_remount → btrfs_parse_options).
 */
export function parseMountOptions(type: MountableFsType, data: string, ctx: ParseContext): Res<MountOptions> {
  // Memoised: the search parses the same few option strings at every mount and remount. The
  // answer is frozen, so no caller's change can reach another's; a throw is never kept. Keyed by
  // nested maps (no key string to build): the string, then the type and the kernel.
  let byType = parsed.get(data);
  if (byType === undefined) {
    if (parsed.size >= MEMO_LIMIT) parsed.clear();
    parsed.set(data, (byType = new Map<MountableFsType, ParsedSlots>()));
  }
  const slot = ctx.relinkSeries ? 1 : 0;
  let both = byType.get(type);
  if (both === undefined) byType.set(type, (both = [undefined, undefined]));
  const hit = both[slot];
  if (hit !== undefined) return hit;
  const res = parseUncached(type, data, ctx);
  if (res.ok) Object.freeze(res.value);
  both[slot] = Object.freeze(res);
  return res;
}

/** Memo tables are emptied at this many strings: a replay may bring any number of distinct ones. */
const MEMO_LIMIT = 1024;
/** A string's answers for one type: without the relink series, then with it. */
type ParsedSlots = [Res<MountOptions> | undefined, Res<MountOptions> | undefined];
const parsed = new Map<string, Map<MountableFsType, ParsedSlots>>();
const merged = new Map<string, Map<string, string>>();

/** parseMountOptions without its memo (exported for the test that holds the memo to it). */
export function parseUncached(type: MountableFsType, data: string, ctx: ParseContext): Res<MountOptions> {
  let rdonly: boolean | null = null;
  let rootMode: number | null = null;
  let relink: string | null = null;
  let unknownAtFillSuper = false;
  const fs = FS_TYPES[type];
  for (const { key, value } of splitOptions(data)) {
    if (fs.rootSubvol !== 0 && (key === 'subvol' || key === 'subvolid')) {
      throw new Unmodelled(`${type} ${key}= mounts a subvolume, which the model does not have`);
    }
    if (key === 'relink' && ctx.relinkSeries && fs.relink) {
      // The series' fs_parameter_spec entry is fsparam_string: a value is required.
      if (value === null) return err('EINVAL');
      relink = value;
      continue;
    }
    if (!fs.optionKeys.includes(key)) {
      if (!fs.legacyFsContext) return err('EINVAL');
      unknownAtFillSuper = true;
      continue;
    }
    if (key === 'ro') rdonly = true;
    if (key === 'rw') rdonly = false;
    // Only tmpfs's keys have mode= (shmem_parse_one).
    if (key === 'mode') {
      if (value === null || !/^[0-7]+$/.test(value)) return err('EINVAL');
      rootMode = parseInt(value, 8) & 0o7777;
    }
  }
  return val({ raw: data, rdonly, rootMode, relink, unknownAtFillSuper });
}

/**
 * A remount's options over the old ones, key by key: file systems keep what a remount does not
 * name (shmem_reconfigure, ext4_reconfigure), so /proc/mounts shows the old options plus the new.
 */
export function mergeMountOptions(old: string, next: string): string {
  // Memoised as parseMountOptions is (strings: nothing to freeze).
  let byNext = merged.get(old);
  if (byNext === undefined) {
    if (merged.size >= MEMO_LIMIT) merged.clear();
    merged.set(old, (byNext = new Map<string, string>()));
  }
  let out = byNext.get(next);
  if (out === undefined) {
    if (byNext.size >= MEMO_LIMIT) byNext.clear();
    byNext.set(next, (out = mergeUncached(old, next)));
  }
  return out;
}

/** mergeMountOptions without its memo (exported for the test that holds the memo to it). */
export function mergeUncached(old: string, next: string): string {
  const merged = new Map<string, string | null>();
  for (const { key, value } of [...splitOptions(old), ...splitOptions(next)]) {
    if (key === 'ro' || key === 'rw') continue; // superblock flags, not options
    // The relink series: an empty relink= clears relink_dir, so show_options prints nothing.
    if (key === 'relink' && value === '') {
      merged.delete(key);
      continue;
    }
    merged.set(key, value);
  }
  return [...merged].map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(',');
}
