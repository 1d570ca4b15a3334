/**
 * Scenario files read from disk; the format itself is parsed by parse-text.ts, which the browser's
 * playground imports without Node's fs.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../model/errors.js';
import { parseScenario, type Scenario } from './parse-text.js';

export * from './parse-text.js';

export function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, 0, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseScenario(text, file);
}
