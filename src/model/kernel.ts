/**
 * Kernel variants as data: which rules apply. Ops branch on these named predicates, never on
 * version numbers. Seeded bugs (the checker issue) are further entries of the same shape.
 */
export interface KernelConfig {
  readonly name: string;
  readonly description: string;
  /** The relink series is applied: .relink file operations, relink_dir, relink= mount option. */
  readonly relinkSeries: boolean;
  /** fs/namei.c: do_linkat — AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH (6.1; relaxed in 6.10). */
  readonly linkatEmptyPathNeedsCap: boolean;
  /** /proc/sys/fs/protected_hardlinks (Debian default 1): fs/namei.c may_linkat. */
  readonly protectedHardlinks: boolean;
}

export const MAINLINE_6_1: KernelConfig = {
  name: 'mainline',
  description: 'Linux 6.1 without the relink series',
  relinkSeries: false,
  linkatEmptyPathNeedsCap: true,
  protectedHardlinks: true,
};

export const RELINK_SERIES: KernelConfig = {
  ...MAINLINE_6_1,
  name: 'relink',
  description: 'Linux 6.1 with the relink series forward-ported',
  relinkSeries: true,
};

export const KERNELS: Readonly<Record<string, KernelConfig>> = {
  mainline: MAINLINE_6_1,
  relink: RELINK_SERIES,
};
