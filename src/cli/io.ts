/** What a command writes, injectable so commands run in tests without a process. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  /** Redraws a status line on stderr; present only when stderr is a terminal ('' clears it). */
  readonly progress?: (line: string) => void;
}

export const PROCESS_IO: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  isTTY: process.stdout.isTTY === true,
  progress: process.stderr.isTTY === true ? (line) => process.stderr.write(`\r\x1b[2K${line}`) : undefined,
};

/** Exit statuses every command uses (docs/exit-status.md). */
export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_BAD_INPUT = 2;
/**
 * 3, no complete verdict: a replay that could not compare everything (its definition is the strace
 * replay's verdict, src/trace/replay-report.ts), or an environment that failed (a guest kernel
 * panicked or hung, a tool is missing) so that nothing was learnt.
 */
export { EXIT_INCOMPLETE } from '../trace/replay-report.js';
export const EXIT_MODEL_BUG = 70;
