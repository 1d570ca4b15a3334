/**
 * Options whose value comes from a closed set: a checker mode, a kernel variant, a file-system
 * type. Each set is derived from the registry of the layer that owns it, never listed here. A
 * command declares such an option with `choices` (so --help and shell completion list the set)
 * and refuses a value outside it with `refuseOutside`, before yargs' own check: that one prints
 * three lines and names the option without its dashes; ours is the one line of bad input (exit 2).
 */
import { CHECK_MODES, type CheckMode } from '../checker/modes/registry.js';
import { GUEST_KERNELS, GUEST_KERNELS_ABOUT } from '../crosscheck/guest-kernel.js';
import { GUEST_FS, type GuestFs } from '../crosscheck/qemu.js';
import { InputError } from '../model/errors.js';
import { MOUNTABLE_FS_TYPES, type MountableFsType } from '../model/fstype.js';
import { KERNELS } from '../model/kernel.js';

/** The values an option takes, and the noun its refusal calls them by. */
export interface ClosedSet<V extends string = string> {
  readonly noun: string;
  readonly values: readonly V[];
}

/** `check --mode`: src/checker/modes/registry.ts. */
export const CHECKER_MODES: ClosedSet<CheckMode> = { noun: 'mode', values: CHECK_MODES };

/** `--kernel` of check and replay: the model's variants (src/model/kernel.ts). */
export const KERNEL_VARIANTS: ClosedSet = { noun: 'kernel', values: Object.keys(KERNELS) };

/** What `--help` says of them: the kernels by name, a model-only one marked, then the seeded bugs. */
export const KERNEL_VARIANTS_ABOUT = `kernel variant: ${Object.values(KERNELS)
  .filter((k) => k.bugs.length === 0)
  .map((k) => (k.modelOnly ? `${k.name} (model only: no QEMU kernel has it)` : k.name))
  .join(', ')}, or a seeded bug`;

/** `replay --fs`: the types the model mounts (src/model/fstype.ts). */
export const MODEL_FS_TYPES: ClosedSet<MountableFsType> = { noun: 'file system', values: MOUNTABLE_FS_TYPES };

/** `crosscheck --kernel`: this machine's kernel, or one the QEMU harness boots. */
export const CROSSCHECK_KERNELS = { noun: 'kernel', values: ['host', ...GUEST_KERNELS] } as const;
export type CrosscheckKernel = (typeof CROSSCHECK_KERNELS.values)[number];
export const CROSSCHECK_KERNELS_ABOUT = `host (this machine's kernel), ${GUEST_KERNELS_ABOUT}`;

/** `crosscheck --fs`: the types a QEMU guest makes a fresh file system of. */
export const GUEST_FS_TYPES: ClosedSet<GuestFs> = { noun: 'file system', values: GUEST_FS };

/**
 * A middleware, to run before yargs' validation, that refuses a value of `--name` outside
 * `sets[name]`: `--fs: unknown file system "zfs" (ext4, ext3, btrfs, tmpfs)`.
 */
export function refuseOutside(
  sets: Readonly<Record<string, ClosedSet>>,
): (a: Readonly<Record<string, unknown>>) => void {
  return (a) => {
    for (const [name, set] of Object.entries(sets)) {
      const v = a[name];
      if (v === undefined || set.values.some((x) => x === v)) continue;
      throw new InputError(`--${name}`, 0, `unknown ${set.noun} ${JSON.stringify(v)} (${set.values.join(', ')})`);
    }
  };
}
