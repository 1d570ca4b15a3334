/**
 * Which scenarios real CRIU can run (src/crosscheck/criu-run.ts), decided from the scenario and
 * its lowering (src/scenario/lower-criu-run.ts), never from a list of names. CRIU can express one whose
 *
 * - machine is the CRIU guest's: ext4 (the only disk file system the guest loads), and a kernel and
 *   sysctls a QEMU guest can have (notOnGuest);
 * - checkpoint is one `criu dump -t ROOT`: one whole process tree, not pid 1, killed by the step
 *   right after it (CRIU kills what it dumped), with no injected fault;
 * - restart is one `criu restore`, with no injected fault, and no relink cleanup step;
 * - calls change no mount and no mount namespace (CRIU dumps the mounts of a namespace other than
 *   its own only; the model's restore-mounts has nothing to be compared with), run no race
 *   schedule and no model-only call.
 * A scenario whose model refuses the dump or the restart is expressible: CRIU's refusal is compared.
 * Not so for `relink` (kernel `criu`): relink-action.sh never refuses a dump, it leaves a file it
 * cannot relink (no relink= on its file system) to CRIU's ghost files, another strategy, so a
 * relink checkpoint the model refuses is not one CRIU can express. A remount that sets relink= is
 * no mount change (the option is the superblock's, the mount table stays: mountSignature), and
 * CRIU needs none between dump and restore: the file system stays mounted relink=DIR.
 */
import type { Scenario } from '../scenario/parse.js';
import {
  CRIU_STRATEGIES,
  CRIU_STRATEGY_KERNEL,
  lowerForCriu,
  type CriuGuestKernel,
  type CriuLowering,
  type CriuStrategy,
} from '../scenario/lower-criu-run.js';
import { notOnGuest } from './scenarios.js';
import { CRIU_DISK_FS } from './criu-guest.js';

export interface CriuRefusal {
  readonly line: number;
  readonly why: string;
}

/** Whether a lowering stopped at the model's own refusal (a dump or restart outcome to compare). */
export const stoppedAtModelOutcome = (l: CriuLowering): boolean =>
  l.stopped !== null &&
  ((l.dump !== null && l.stopped.line === l.dump.line && l.model.dump !== 'ok' && l.model.dump !== null) ||
    (l.stopped.line === l.restoreLine && l.model.restore !== 'ok' && l.model.restore !== null));

/** The strategies run on one guest kernel: copy and link-remap on Debian's, relink on `criu`. */
export const criuStrategiesOn = (kernel: CriuGuestKernel): CriuStrategy[] =>
  CRIU_STRATEGIES.filter((s) => CRIU_STRATEGY_KERNEL[s].guest === kernel);

/** Why CRIU cannot run `sc` under the strategies of `kernel`, or null when it can. */
export function criuRefusal(sc: Scenario, kernel: CriuGuestKernel = 'debian'): CriuRefusal | null {
  if (sc.fs !== CRIU_DISK_FS)
    return { line: 1, why: `it runs on ${sc.fs}; the CRIU guest's disks are ${CRIU_DISK_FS}` };
  const machine = notOnGuest(sc);
  if (machine !== null) return machine;
  if (!sc.steps.some((s) => s.kind === 'checkpoint')) return { line: 1, why: 'no checkpoint: nothing for criu dump' };
  if (!sc.steps.some((s) => s.kind === 'restart')) return { line: 1, why: 'no restart: nothing for criu restore' };
  for (const strategy of criuStrategiesOn(kernel)) {
    const l = lowerForCriu(sc, strategy);
    if (l.stopped !== null && (strategy === 'relink' || !stoppedAtModelOutcome(l))) return l.stopped;
  }
  return null;
}
