// A captured Io: what a command printed, for CLI tests that run main() in-process.
import type { Io } from '../../src/cli/io.js';

export function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}
