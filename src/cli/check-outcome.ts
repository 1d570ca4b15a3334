/**
 * How `relinklab check --mode M` and `merge` end, whatever the mode: the counterexample written as
 * a runnable scenario to --out, the mode's report printed (or its JSON), the exit status.
 */
import { writeFileSync } from 'node:fs';
import type { ModeOutcome } from '../checker/modes/mode.js';
import { EXIT_FOUND, EXIT_OK, type Io } from './io.js';

export function reportOutcome(o: ModeOutcome, a: { readonly json: boolean; readonly out: string }, io: Io): number {
  const out = o.scenario === null ? null : a.out;
  if (o.scenario !== null) writeFileSync(a.out, o.scenario);
  if (a.json) io.out(JSON.stringify(o.json(out)));
  else for (const line of o.lines(out)) io.out(line);
  return o.violations.length === 0 ? EXIT_OK : EXIT_FOUND;
}
