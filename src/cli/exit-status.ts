/**
 * How a command's failure becomes its exit status and its one line on stderr. The statuses
 * themselves are in src/trace/exit-statuses.ts (io.ts hands them on) and documented, per command,
 * in docs/exit-status.md.
 */
import { GuestError, InputError, ModelBug } from '../model/errors.js';
import { EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_MODEL_BUG, type Io } from './io.js';

/** The status for `e`, after printing its line; anything unforeseen is thrown on (a crash is a bug). */
export function exitStatusFor(e: unknown, io: Io): number {
  if (e instanceof InputError) {
    io.err(e.line > 0 ? e.message : `${e.file}: ${e.detail}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof GuestError) {
    io.err(`relinklab: ${e.message}${e.detail === '' ? '' : `; the last output:\n${e.detail}`}`);
    return EXIT_INCOMPLETE;
  }
  if (e instanceof ModelBug) {
    io.err(`relinklab: ${e.message}`);
    return EXIT_MODEL_BUG;
  }
  throw e;
}
