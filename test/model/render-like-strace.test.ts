/**
 * Calls render as strace prints them: every call of the recorded strace logs (test/corpus/strace
 * and the credential programs' in test/corpus/programs/creds) that the model decodes and whose
 * arguments are all inputs is rendered back and compared with the log's own text, so the rendering
 * is checked against strace, not against a memory of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCall } from '../../src/model/syscall/render.js';
import { toSyscall } from '../../src/trace/args.js';
import { parseStraceLine } from '../../src/trace/strace-parse.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const LOGS = [join(CORPUS, 'strace'), join(CORPUS, 'programs', 'creds')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => ({ file: f, path: join(dir, f) })),
);

/**
 * `name(args)` as the log prints it, without the pid and the result, and without what the model's
 * record cannot hold: the value an offset pointer has on exit (`[7] => [10]`), a NULL string
 * pointer (mount's type and data), which the model keeps as an empty string, and a gid list that
 * is not read: setgroups' empty `[]`, and the address strace prints for a count above NGROUPS_MAX,
 * both of which the model keeps as no bytes, as it does NULL.
 */
function printedCall(raw: string): string | null {
  const m = /^(?:\d+ +)?([a-z_0-9]+\(.*\))\s+= [^=]*$/.exec(raw);
  if (m?.[1] === undefined) return null;
  const call = m[1].replace(/(\[-?\d+\]) => \[-?\d+\]/g, '$1');
  if (call.startsWith('setgroups(')) return call.replace(/, (\[\]|0x[0-9a-f]+)\)$/, ', NULL)');
  return call.startsWith('mount(') ? call.replace(/\bNULL\b/g, '""') : call;
}

describe('rendering', () => {
  for (const { file, path } of LOGS) {
    it(`renders the decoded calls of ${file} as strace printed them`, () => {
      const lines = readFileSync(path, 'latin1').split('\n');
      let compared = 0;
      lines.forEach((raw, i) => {
        const ev = parseStraceLine(raw, file, i + 1);
        if (ev === null || ev.kind !== 'call' || ev.name === 'clone' || ev.name === 'clone3') return;
        const sc = toSyscall(ev.name, ev.args, ev.ret.kind === 'value' ? ev.ret.value : null);
        const printed = printedCall(raw);
        if (sc === null || printed === null) return;
        const text = renderCall(sc);
        if (text.includes('...')) return; // an argument strace fills on exit
        // The model holds numbers exactly up to 2^53 (a size_t past it is rounded).
        if (/\d{16,}/.test(printed) && !/\[18446744073709551615\]/.test(printed)) return;
        expect(`${file}:${i + 1}: ${text}`).toBe(`${file}:${i + 1}: ${printed}`);
        compared++;
      });
      expect(compared).toBeGreaterThan(0);
    });
  }
});
