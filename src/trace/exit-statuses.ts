/**
 * The exit statuses every relinklab command ends with, documented per command in
 * docs/exit-status.md. They live in the lowest layer that answers with one, the strace replay's
 * verdict (replay-report.ts: exitStatus); the command line hands them to every command
 * (src/cli/io.ts).
 */
export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_BAD_INPUT = 2;
/**
 * 3, no complete verdict: a replay that could not compare everything (its definition is the strace
 * replay's verdict, replay-report.ts), or an environment that failed (a guest kernel panicked or
 * hung, a tool is missing) so that nothing was learnt.
 */
export const EXIT_INCOMPLETE = 3;
export const EXIT_MODEL_BUG = 70;
