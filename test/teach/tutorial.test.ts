// docs/tutorial.md runs as written: every command it shows succeeds, in order, every line it quotes
// as output is in the output of the command before it, and a block whose fence names a file in out/
// is that file's text. scripts/tutorial-check.sh does the same on a fresh clone through the shell;
// this runs the relinklab commands in-process.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Block {
  readonly lang: string;
  /** The file a block's fence names (```yaml out/lab.yaml): the tutorial's reader saves it there. */
  readonly file: string | null;
  readonly lines: readonly string[];
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  let cur: { lang: string; file: string | null; lines: string[] } | null = null;
  for (const line of md.split('\n')) {
    if (cur === null) {
      const m = /^```(\w+)(?: (\S+))?$/.exec(line);
      if (m !== null) cur = { lang: m[1] ?? '', file: m[2] ?? null, lines: [] };
    } else if (line === '```') {
      out.push(cur);
      cur = null;
    } else cur.lines.push(line);
  }
  return out;
}

interface Ran {
  readonly command: string;
  readonly status: number;
  readonly output: string;
}

const BLOCKS = blocks(readFileSync(join(ROOT, 'docs', 'tutorial.md'), 'utf8'));
const ran: Ran[] = [];
/** Each text block with the command whose output it quotes. */
const quoted: { text: readonly string[]; after: Ran | undefined }[] = [];

beforeAll(async () => {
  expect(process.cwd(), 'the tutorial runs from the top of the clone').toBe(ROOT);
  for (const b of BLOCKS) {
    if (b.lang === 'text') quoted.push({ text: b.lines, after: ran[ran.length - 1] });
    if (b.file !== null) writeFileSync(join(ROOT, b.file), `${b.lines.join('\n')}\n`);
    if (b.lang !== 'sh') continue;
    for (const command of b.lines) {
      if (command === 'scripts/setup.sh') continue; // npm test has set up and built already
      if (command === 'mkdir -p out') {
        mkdirSync(join(ROOT, 'out'), { recursive: true });
        continue;
      }
      const io = capture();
      const status = await main(command.replace(/^\.\/bin\/relinklab /, '').split(' '), io);
      ran.push({ command, status, output: [...io.outs, ...io.errs].join('\n') });
    }
  }
}, 60_000);

describe('docs/tutorial.md', () => {
  it('uses only scripts/setup.sh, mkdir -p out and ./bin/relinklab in its sh blocks', () => {
    const commands = BLOCKS.filter((b) => b.lang === 'sh').flatMap((b) => b.lines);
    expect(commands.filter((c) => !/^(scripts\/setup\.sh|mkdir -p out|\.\/bin\/relinklab \S.*)$/.test(c))).toEqual([]);
  });

  it('names only files in out/ (which git ignores) in its fences', () => {
    const files = BLOCKS.flatMap((b) => (b.file === null ? [] : [b.file]));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !/^out\/[\w.-]+$/.test(f))).toEqual([]);
  });

  it('runs every relinklab command with exit status 0', () => {
    expect(ran.length).toBeGreaterThan(10);
    expect(ran.filter((r) => r.status !== 0).map((r) => `${r.command}: ${r.output}`)).toEqual([]);
  });

  it('quotes only lines that the command before each text block printed', () => {
    const missing = quoted.flatMap((q) =>
      q.text.filter((l) => l !== '' && !(q.after?.output ?? '').includes(l)).map((l) => `${q.after?.command}: ${l}`),
    );
    expect(quoted.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
