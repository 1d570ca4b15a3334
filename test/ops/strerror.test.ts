// An errno's text after its name, as strace prints it (src/ops/run/strerror.ts), held against the
// strace logs recorded on this machine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isErrno } from '../../src/model/errno.js';
import { errnoText } from '../../src/ops/run/strerror.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus', 'strace');

/** Every `-1 ENAME (text)` the recorded logs hold, once each. */
function recordedErrnos(): Map<string, string> {
  const seen = new Map<string, string>();
  for (const f of readdirSync(CORPUS).filter((n) => n.endsWith('.log'))) {
    for (const m of readFileSync(join(CORPUS, f), 'utf8').matchAll(/= -1 (E[A-Z0-9]+) \(([^)]*)\)/g)) {
      seen.set(m[1] ?? '', m[0].slice('= -1 '.length));
    }
  }
  return seen;
}

describe("an errno's text", () => {
  it('follows its name in parentheses, as strace prints it', () => {
    expect(errnoText('ENOENT')).toBe('ENOENT (No such file or directory)');
  });

  it('is the one strace printed for every errno of the model the recorded logs hold', () => {
    const recorded = [...recordedErrnos()].filter(([name]) => isErrno(name));
    expect(recorded.length).toBeGreaterThan(15);
    for (const [name, shown] of recorded) expect(errnoText(name)).toBe(shown);
  });

  it('is not made up for a name the model does not know', () => {
    expect(errnoText('ENOEXEC')).toBe('ENOEXEC');
  });
});
