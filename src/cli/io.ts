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

/** Exit statuses every command uses (docs/exit-status.md), from the layer that defines them. */
export { EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INCOMPLETE, EXIT_MODEL_BUG, EXIT_OK } from '../trace/exit-statuses.js';
