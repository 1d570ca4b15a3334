// A reader that stops early (`relinklab ... | head -1`) must not turn the command's answer into a
// crash: the command ends as it would have, with its own exit status, and prints no stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Run the CLI, close its stdout after the first chunk, and collect its status and stderr. */
function runClosingStdout(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('./bin/relinklab', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('a closed stdout (EPIPE)', () => {
  it('keeps the exit status of a check that found a violation, with no stack trace', async () => {
    // The counterexample goes to a temporary folder, not the working directory.
    const out = join(mkdtempSync(join(tmpdir(), 'relinklab-pipe-')), 'cx.yaml');
    const r = await runClosingStdout(['check', '--mode', 'races', '--kernel', 'relink-missing-lock', '--out', out]);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(1);
  }, 60_000);

  it('keeps exit 0 for a clean check', async () => {
    const r = await runClosingStdout(['check', '--mode', 'races']);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
  }, 60_000);
});
