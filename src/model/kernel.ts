/**
 * Kernel variants as data: which rules apply. Ops branch on these named predicates, never on
 * version numbers. Seeded bugs (plausible mistakes in the relink series, for the checker to find)
 * are named in `bugs`; a handler asks `hasBug(kernel, 'name')` at the one place the mistake lives.
 */
export const SEEDED_BUGS = [
  /** Patch 08: remount with a new relink= does not drop the old relink_dir reference. */
  'relink-option-leak',
  /** Patch 02/06: relink raises i_nlink but leaves the inode on the orphan list. */
  'relink-keeps-orphan',
  /**
   * Patch 02: the relink silences inc_nlink's warning about i_nlink 0 with set_nlink(inode, 1), the
   * idiom btrfs_tmpfile uses before d_tmpfile drops it again (5762b5c958ab, "Btrfs: ensure tmpfile
   * inode is always persisted with link count of 0"), and then ->link increments it once more: one
   * name, i_nlink 2, and ext4_link's "i_nlink == 1" test no longer takes the inode off the orphan
   * list. The same kind of mistake as xfs's whiteout tmpfile, linked back with an i_nlink nobody
   * had dropped (22419ac9fe5e, "xfs: fix broken i_nlink accounting for whiteout tmpfile inode").
   */
  'relink-double-count',
  /**
   * Patch 06: vfs_link decides whether the inode may be linked (i_nlink, relink_dir) before
   * inode_lock and does not look again under it, so a file unlinked, or a relink_dir changed, in
   * between is linked anyway (src/ops/steps/link-steps.ts; only a race shows it).
   */
  'relink-no-recheck',
  /** Patch 09: relink_dir reached through another mount is not refused (no EXDEV). */
  'relink-cross-mount',
  /** Patch 05: fifo relink re-creates the pipe and loses its buffer. */
  'fifo-relink-drops-buffer',
  /** Patch 10: cleanup unlinks by name without checking that the name still is the relinked inode. */
  'cleanup-wrong-name',
  /**
   * Patch 06: the relink does not hold relink_dir's lock from the new name's lookup to the link, so
   * an rmdir of relink_dir, or a rename over it, in between leaves the name in a removed directory
   * (src/ops/steps/link-steps.ts; only a race shows it).
   */
  'relink-missing-lock',
  /**
   * Patch 06 as a port might write it: vfs_link calls ->relink when the inode may be relinked and
   * ->link otherwise, and the ENOENT for an unlinked inode outside relink_dir is lost, so a deleted
   * file is resurrected anywhere (inc_nlink only warns). The check lost is the one of aae8a97d3ec3
   * ("fs: Don't allow to create hardlink for deleted file", 2014: "will resurrect the file"); UBIFS
   * had the same hole as a link/unlink race (8b3884a841f3, "UBIFS: return error if link and unlink
   * race": the inode went on the orphan list twice).
   */
  'relink-falls-back-to-link',
  /**
   * vfs_link's i_nlink update done as a read before inode_lock(inode) and a write of that value + 1
   * under it (src/ops/steps/link-steps.ts), so an unlink that drops a link in between is lost: the
   * count says 2 for one name. Modelled on ext2's rename, which changed i_nlink without the inode
   * lock (e8a80c6f769d, "ext2: Fix link count corruption under heavy link+rename load"); here the
   * lost update is the unlink of the alias a relink races with (only a race shows it).
   */
  'link-nlink-lost-update',
  /**
   * ext4_unlink asks whether the inode needs the orphan list before drop_nlink, so an open file
   * whose last name goes is not on it (a crash then leaks the inode). The same ordering bug as
   * e94bd3490f4e ("ext4: fix a bug when we try to open a file with O_TMPFILE flag": ext4_orphan_add
   * checked i_nlink == 0 while d_tmpfile had not dropped it yet).
   */
  'unlink-orphan-before-drop',
  /**
   * Patch 07 as our port first had it (commit 6cb9adb, kernel-patches/README.md Findings): a new
   * mount's relink= looked up in do_new_mount after vfs_get_tree, and on a failure
   * do_new_mount_fc skipped, so s_umount, which vfs_get_tree returns held, is never released:
   * put_fs_context's deactivate_super takes it again (src/ops/steps/new-mount-steps.ts).
   */
  'relink-mount-holds-s-umount',
  /**
   * Patch 06 as a port might write it: the relink branch of vfs_link returns ->relink's result at
   * once (`error = inode->i_fop->relink(...); inode_unlock(inode); return error;`), skipping the tail
   * that clears I_LINKABLE (and calls fsnotify_link), so the I_LINKABLE generic_relink set for the
   * duration stays: once restart unlinks the relinked name, the file may be linked anywhere, like an
   * O_TMPFILE inode (src/ops/calls/link.ts: doLink).
   */
  'relink-leaves-linkable',
  /**
   * Patch 06's may_relink without its test of relink_dir's owner and mode: a relink into a
   * relink_dir others may search (a careless admin's 0755) succeeds, and a file deleted to revoke
   * access is back, by its own mode, for everyone who can walk there. Bringing a deleted file back
   * is what linkat refuses since aae8a97d3ec3 ("fs: Don't allow to create hardlink for deleted
   * file": the link "will resurrect the file"), and what the flink() debates feared of naming an
   * open file at all (Lutomirski's bb2314b47996, merged for 3.11-rc5 and reverted)
   * (src/ops/relink/relink-op.ts: mayRelink).
   */
  'relink-dir-not-private',
  /**
   * Patch 06's may_relink without checkpoint_restore_ns_capable: any task that may create a name
   * in relink_dir relinks, among them one with fsuid 0 and neither CAP_CHECKPOINT_RESTORE nor
   * CAP_SYS_ADMIN (relink_dir's owner bits let it in), through /proc/self/fd/N with
   * AT_SYMLINK_FOLLOW, which needs no capability on 6.1. That route is why flink was argued to be
   * harmless (bb2314b47996: "flink is *already* allowed without privilege as long as /proc is
   * mounted"), and why the series must ask for a capability of its own: the /proc route stops at
   * vfs_link's ENOENT for a deleted file, which the relink lifts. CAP_CHECKPOINT_RESTORE exists
   * (124ea650d307, 5.9) so that a checkpointer needs no CAP_SYS_ADMIN
   * (src/ops/relink/relink-op.ts: mayRelink).
   */
  'relink-without-capability',
] as const;

export type SeededBug = (typeof SEEDED_BUGS)[number];

/**
 * Who may name an open file with linkat(fd, "", dirfd, name, AT_EMPTY_PATH):
 * - 'capable', 6.1's fs/namei.c do_linkat: "To use null names we require CAP_DAC_READ_SEARCH";
 *   without it ENOENT, before the lookup, whatever the descriptor.
 * - 'opener-cred', commit 42bd2af59504 ("vfs: relax linkat() AT_EMPTY_PATH - aka flink() -
 *   requirements", Linus Torvalds, 2024; in 6.10): do_linkat passes LOOKUP_LINKAT_EMPTY and
 *   path_init, after fdget_raw (EBADF), refuses with ENOENT when the descriptor's f_cred is not the
 *   caller's current cred (`f_cred != current_cred()`, the same object) and the caller lacks
 *   CAP_DAC_READ_SEARCH (ns_capable in f_cred's namespace; the model has one). path_init asks it of
 *   any relative name walked from a descriptor, not only of "", and never of AT_FDCWD or an
 *   absolute name.
 */
export type LinkatEmptyPathRule = 'capable' | 'opener-cred';

export interface KernelConfig {
  readonly name: string;
  readonly description: string;
  /** The relink series is applied: .relink file operations, relink_dir, relink= mount option. */
  readonly relinkSeries: boolean;
  /** linkat's AT_EMPTY_PATH rule (src/ops/calls/link.ts, src/ops/vfs/namei.ts: path_init). */
  readonly linkatEmptyPath: LinkatEmptyPathRule;
  /**
   * No QEMU kernel has this variant's rules (kernel-patches/ builds only 6.1, with or without the
   * series): the model alone answers for it, and crosscheck never compares it with a kernel.
   */
  readonly modelOnly: boolean;
  /** Seeded mistakes this variant makes (empty for the real kernels). */
  readonly bugs: readonly SeededBug[];
}

const MAINLINE_6_1: KernelConfig = {
  name: 'mainline',
  description: 'Linux 6.1 without the relink series',
  relinkSeries: false,
  linkatEmptyPath: 'capable',
  modelOnly: false,
  bugs: [],
};

/** 6.1 with the one later rule the corpus measures (flink.c on 6.18): a sibling of mainline, data only. */
const MAINLINE_6_10: KernelConfig = {
  ...MAINLINE_6_1,
  name: 'mainline-6.10',
  description: "Linux 6.1 with 6.10's linkat AT_EMPTY_PATH rule (42bd2af59504); model only, no QEMU kernel",
  linkatEmptyPath: 'opener-cred',
  modelOnly: true,
};

const RELINK_SERIES: KernelConfig = {
  ...MAINLINE_6_1,
  name: 'relink',
  description: 'Linux 6.1 with the relink series forward-ported',
  relinkSeries: true,
};

/** One variant per seeded bug: the relink series with exactly that mistake. */
const SEEDED_VARIANTS: Record<string, KernelConfig> = Object.fromEntries(
  SEEDED_BUGS.map((bug) => [
    bug,
    { ...RELINK_SERIES, name: bug, description: `the relink series with a seeded bug: ${bug}`, bugs: [bug] },
  ]),
);

/**
 * Every variant by name. The table has no prototype: names every object inherits (`toString`,
 * `constructor`, `__proto__`) come from users too (`--kernel`, a trace header, a scenario), and
 * must be unknown kernels, not functions.
 */
export const KERNELS: Readonly<Record<string, KernelConfig>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, KernelConfig>, {
    mainline: MAINLINE_6_1,
    'mainline-6.10': MAINLINE_6_10,
    relink: RELINK_SERIES,
    ...SEEDED_VARIANTS,
  }),
);

export function hasBug(kernel: KernelConfig, bug: SeededBug): boolean {
  return kernel.bugs.includes(bug);
}
