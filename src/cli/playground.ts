/** `relinklab playground -o DIR`: the static site where the model runs in the browser (src/teach/playground/). */
import { join } from 'node:path';
import { packageRoot } from '../crosscheck/package-root.js';
import { InputError } from '../model/errors.js';
import { writePlayground } from '../teach/playground/site.js';
import { EXIT_OK, type Io } from './io.js';

export function runPlayground(out: string, json: boolean, io: Io): number {
  const root = packageRoot();
  let written;
  try {
    written = writePlayground(out, { dist: join(root, 'dist'), root });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined || e instanceof InputError) throw e;
    throw new InputError(out, 0, `cannot write: ${code}`);
  }
  if (json) io.out(JSON.stringify({ out, ...written }));
  else
    io.out(
      `${out}: the playground (${written.modules} modules, ${written.packages.join(' and ')}, ${written.scenarios} scenarios); serve the folder (python3 -m http.server -d ${out}) and open it`,
    );
  return EXIT_OK;
}
