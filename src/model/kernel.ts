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
  /** Patch 02: relink increments i_nlink even when the inode still has names (counted twice). */
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
] as const;

export type SeededBug = (typeof SEEDED_BUGS)[number];

export interface KernelConfig {
  readonly name: string;
  readonly description: string;
  /** The relink series is applied: .relink file operations, relink_dir, relink= mount option. */
  readonly relinkSeries: boolean;
  /** fs/namei.c: do_linkat — AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH (6.1; relaxed in 6.10). */
  readonly linkatEmptyPathNeedsCap: boolean;
  /** /proc/sys/fs/protected_hardlinks (Debian default 1): fs/namei.c may_linkat. */
  readonly protectedHardlinks: boolean;
  /** Seeded mistakes this variant makes (empty for the real kernels). */
  readonly bugs: readonly SeededBug[];
}

export const MAINLINE_6_1: KernelConfig = {
  name: 'mainline',
  description: 'Linux 6.1 without the relink series',
  relinkSeries: false,
  linkatEmptyPathNeedsCap: true,
  protectedHardlinks: true,
  bugs: [],
};

export const RELINK_SERIES: KernelConfig = {
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
    relink: RELINK_SERIES,
    ...SEEDED_VARIANTS,
  }),
);

export function hasBug(kernel: KernelConfig, bug: SeededBug): boolean {
  return kernel.bugs.includes(bug);
}
