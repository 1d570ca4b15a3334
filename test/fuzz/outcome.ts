// What every command must do with any input: exit with a status it documents, and on bad input
// print exactly one line naming the file (and the line, where there is one). A crash (an
// exception that is not bad input, or a model bug) fails the fuzzer with the input that caused it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitStatusFor } from '../../src/cli/exit-status.js';
import { EXIT_BAD_INPUT } from '../../src/cli/io.js';
import { capture } from '../helpers/io.js';

export interface Outcome {
  readonly status: number;
  readonly errs: readonly string[];
}

/** Run a command as main() would, without yargs: its status, or the status of what it threw. */
export async function runGuarded(
  command: (io: ReturnType<typeof capture>) => number | Promise<number>,
  input?: string,
): Promise<Outcome> {
  const io = capture();
  let status: number;
  try {
    status = await command(io);
  } catch (e) {
    try {
      status = exitStatusFor(e, io);
    } catch (crash) {
      // A crash: the input that caused it goes to a file too, as for any other failure.
      const saved = input === undefined ? 'not saved' : `input saved as ${saveInput(input)}`;
      throw new Error(`crashed (${saved}): ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}`);
    }
  }
  return { status, errs: io.errs };
}

/** The whole input in a file of its own, to run again by hand: a failure shows only its start. */
function saveInput(input: string): string {
  const saved = join(mkdtempSync(join(tmpdir(), 'relinklab-fuzz-failure-')), 'input');
  writeFileSync(saved, input, 'latin1');
  return saved;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Throws, describing the breach, unless `o` is an allowed status with a proper bad-input line,
 * which names one of the input `files` (a set of shard files is bad as a whole).
 */
export function assertOutcome(
  o: Outcome,
  allowed: readonly number[],
  files: string | readonly string[],
  input: string,
): void {
  const shown = input.length > 400 ? `${input.slice(0, 400)}... (${input.length} characters)` : input;
  const fail = (why: string): never => {
    const saved = saveInput(input);
    throw new Error(`${why} (input saved as ${saved})\n--- input ---\n${shown}\n--- stderr ---\n${o.errs.join('\n')}`);
  };
  if (!allowed.includes(o.status)) fail(`exit status ${o.status}, not one of ${allowed.join(', ')}`);
  if (o.status !== EXIT_BAD_INPUT) return;
  if (o.errs.length !== 1) fail(`bad input printed ${o.errs.length} lines`);
  const line = o.errs[0] ?? '';
  if (line.includes('\n')) fail('bad input printed a line break');
  const named = (typeof files === 'string' ? [files] : files).map(escape).join('|');
  if (!new RegExp(`^(${named})(:\\d+)?: \\S`).test(line)) fail(`bad input line does not name ${named}`);
}
