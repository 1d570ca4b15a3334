/** Writing a command's output file: a failure is bad input (exit 2), named by the path. */
import { writeFileSync } from 'node:fs';
import { InputError } from '../model/errors.js';

export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(path, 0, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
