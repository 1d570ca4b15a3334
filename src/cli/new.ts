/** `relinklab new [FILE]`: a commented scenario skeleton to start an exercise from. */
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { InputError } from '../model/errors.js';
import { scenarioSkeleton } from '../scenario/skeleton.js';
import { EXIT_OK, type Io } from './io.js';

/**
 * Write the skeleton to `file` (named after it), or print it when no file is given. An existing
 * file is refused, not overwritten: it may be a student's work.
 */
export function runNew(file: string | undefined, json: boolean, io: Io): number {
  if (file === undefined) {
    io.out(scenarioSkeleton('My scenario'));
    return EXIT_OK;
  }
  const text = scenarioSkeleton(basename(file, extname(file)) || 'My scenario');
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST'
        ? 'exists already; relinklab new does not overwrite a file'
        : `cannot write: ${code ?? (e as Error).message}`;
    throw new InputError(file, 0, why);
  }
  io.out(
    json
      ? JSON.stringify({ written: file, bytes: Buffer.byteLength(text) })
      : `${file}: a scenario skeleton; run it with relinklab run ${file}`,
  );
  return EXIT_OK;
}
