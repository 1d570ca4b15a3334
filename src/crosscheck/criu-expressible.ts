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
 */
import type { Scenario } from '../scenario/parse.js';
import { CRIU_STRATEGIES, lowerForCriu, type CriuLowering } from '../scenario/lower-criu-run.js';
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

/** Why CRIU cannot run `sc`, or null when it can. */
export function criuRefusal(sc: Scenario): CriuRefusal | null {
  if (sc.fs !== CRIU_DISK_FS)
    return { line: 1, why: `it runs on ${sc.fs}; the CRIU guest's disks are ${CRIU_DISK_FS}` };
  const machine = notOnGuest(sc);
  if (machine !== null) return machine;
  if (!sc.steps.some((s) => s.kind === 'checkpoint')) return { line: 1, why: 'no checkpoint: nothing for criu dump' };
  if (!sc.steps.some((s) => s.kind === 'restart')) return { line: 1, why: 'no restart: nothing for criu restore' };
  for (const strategy of CRIU_STRATEGIES) {
    const l = lowerForCriu(sc, strategy);
    if (l.stopped !== null && !stoppedAtModelOutcome(l)) return l.stopped;
  }
  return null;
}
