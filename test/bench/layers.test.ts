// The benchmark measures the layers the CLI sits on, never the CLI: what it needs from src/ lives
// in the layer that owns it (the checker, the scenarios, the crosscheck), which the CLI imports too.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BENCH = 'bench';
const CLI = resolve('src/cli');

/** Every module a file imports or re-exports, resolved from its folder. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)].map(
    (m) => m[1] ?? '',
  );
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => m[1] ?? '');
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? '');
  return [...specifiers, ...bare, ...dynamic].map((s) => (s.startsWith('.') ? resolve(BENCH, s) : s));
}

const files = readdirSync(BENCH).filter((f) => f.endsWith('.ts'));

describe('bench/', () => {
  it('has TypeScript files whose imports this test reads', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => importsOf(join(BENCH, f)))).toContain(resolve('src/checker/search/explore.js'));
  });

  it.each(files)('%s imports nothing from src/cli', (f) => {
    expect(importsOf(join(BENCH, f)).filter((m) => m === CLI || m.startsWith(`${CLI}/`))).toEqual([]);
  });
});
