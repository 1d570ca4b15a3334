/**
 * The command line with `dist` alone: what bin.ts runs for `relinklab dist ...`. A distributed
 * search starts a process per partition per level (deploy/), and the whole command line's modules
 * (replay, reports, the crosscheck's) cost each of them more CPU than node's own start; the dist
 * command's options, checks and exit statuses are main's (test/cli/dist-main.test.ts).
 */
import { distCommand } from './commands/dist.js';
import { PROCESS_IO, type Io } from './io.js';
import { runCommands } from './run-commands.js';

export const distMain = (argv: readonly string[], io: Io = PROCESS_IO): Promise<number> =>
  runCommands(argv, [distCommand], io);
