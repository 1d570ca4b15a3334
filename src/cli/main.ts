/**
 * The relinklab command line. `main(argv, io)` returns the exit status, so tests run commands
 * in-process: 0 success, 1 something was found (a mismatch, a violation), 2 bad input (one line
 * naming file and line), 3 incomplete, 70 a bug in the model itself. Each command is a module
 * in src/cli/commands/ (its options and handler); this file only assembles them.
 */
import { checkCommand } from './commands/check.js';
import type { MakeCommand } from './commands/command.js';
import { compareCommand } from './commands/compare.js';
import { crosscheckCommand } from './commands/crosscheck.js';
import { distCommand } from './commands/dist.js';
import { explainCommand } from './commands/explain.js';
import { mergeCommand } from './commands/merge.js';
import { newCommand } from './commands/new.js';
import { playgroundCommand } from './commands/playground.js';
import { renderCommand } from './commands/render.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { PROCESS_IO, type Io } from './io.js';
import { runCommands } from './run-commands.js';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly MakeCommand[] = [
  replayCommand,
  runCommand,
  compareCommand,
  checkCommand,
  mergeCommand,
  distCommand,
  crosscheckCommand,
  explainCommand,
  renderCommand,
  reportCommand,
  newCommand,
  playgroundCommand,
];

export const main = (argv: readonly string[], io: Io = PROCESS_IO): Promise<number> => runCommands(argv, COMMANDS, io);
