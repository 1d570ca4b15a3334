// The cross-check's executor is compiled on this machine; a compiler that fails is an error of
// the environment in one line, naming the source and gcc's own error, not a stack trace.
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuestError } from '../../src/model/errors.js';
import { buildExecutor } from '../../src/crosscheck/host.js';

/** Run `f` with PATH holding only a `gcc` that prints `stderr` and fails. */
function withFailingGcc<T>(stderr: string, f: () => T): T {
  const bin = mkdtempSync(join(tmpdir(), 'relinklab-gcc-'));
  writeFileSync(join(bin, 'gcc'), `#!/bin/sh\nprintf '%s' '${stderr}' >&2\nexit 1\n`);
  chmodSync(join(bin, 'gcc'), 0o755);
  const saved = process.env['PATH'];
  process.env['PATH'] = bin;
  try {
    return f();
  } finally {
    process.env['PATH'] = saved;
  }
}

describe('building the executor', () => {
  it("reports gcc's error line, not the context before it, as a GuestError", () => {
    const out = mkdtempSync(join(tmpdir(), 'relinklab-exec-'));
    const err = "relink-exec.c: In function 'main':\n/usr/bin/ld: cannot find -lc: No such file or directory\n";
    const build = () => withFailingGcc(err, () => buildExecutor(out));
    expect(build).toThrow(GuestError);
    expect(build).toThrow(
      /^gcc -static could not build kernel-patches\/executor\/relink-exec\.c: \/usr\/bin\/ld: cannot find -lc: No such file or directory$/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('builds once per content of the source, into a file named by it', () => {
    const out = mkdtempSync(join(tmpdir(), 'relinklab-exec-'));
    const exe = buildExecutor(out);
    expect(exe).toMatch(/relink-exec-[0-9a-f]{16}$/);
    expect(existsSync(exe)).toBe(true);
    // Built: a compiler that would fail is not run again.
    expect(withFailingGcc('unused', () => buildExecutor(out))).toBe(exe);
  });
});
