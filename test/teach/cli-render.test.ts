// relinklab render: every scenario in every format, files written only on success, bad input exit 2.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FORMATS } from '../../src/teach/render.js';
import { capture, SCENARIOS, scenarioPath } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-render-'));
const FIRST_LINE: Readonly<Record<(typeof FORMATS)[number], string>> = {
  dot: 'digraph relinklab {',
  svg: '<?xml',
  mermaid: '---',
};

describe('relinklab render', () => {
  for (const f of SCENARIOS) {
    for (const format of FORMATS) {
      it(`renders the last step of ${f} as ${format}`, async () => {
        const io = capture();
        expect(await main(['render', scenarioPath(f), '--format', format], io)).toBe(0);
        expect(io.errs).toEqual([]);
        expect(io.outs.join('')).toMatch(new RegExp(`^${FIRST_LINE[format].replace('?', '\\?')}`));
      });
    }
  }

  it('renders the booted machine at --step 0', async () => {
    const io = capture();
    expect(await main(['render', scenarioPath('alias.yaml'), '--step', '0'], io)).toBe(0);
    expect(io.outs.join('')).toContain('the booted machine');
  });

  it('writes -o FILE and says what it wrote', async () => {
    const out = join(tmp, 'orphan.svg');
    const io = capture();
    expect(await main(['render', scenarioPath('orphan.yaml'), '--step', '6', '--format', 'svg', '-o', out], io)).toBe(
      0,
    );
    expect(readFileSync(out, 'utf8')).toContain('<svg');
    expect(io.outs[0]).toMatch(/orphan\.svg: step 6 of .*orphan\.yaml as svg \(\d+ nodes, \d+ edges\)/);
  });

  it("titles the DOT graph with the step's call as strace prints it, its quotes escaped for DOT", async () => {
    const io = capture();
    expect(await main(['render', scenarioPath('orphan.yaml'), '--step', '4', '--format', 'dot'], io)).toBe(0);
    expect(io.outs.join('\n')).toContain('after step 4, pid 2: open(\\"/log\\", O_RDWR|O_CREAT|O_APPEND, 0600)"');
  });

  it("titles the SVG with the step's call as strace prints it, its quotes escaped for XML", async () => {
    const io = capture();
    expect(await main(['render', scenarioPath('orphan.yaml'), '--step', '4', '--format', 'svg'], io)).toBe(0);
    expect(io.outs.join('\n')).toContain('pid 2: open(&quot;/log&quot;, O_RDWR|O_CREAT|O_APPEND, 0600)');
  });

  it('prints the graph as JSON with --json', async () => {
    const io = capture();
    expect(await main(['render', scenarioPath('orphan.yaml'), '--step', '6', '--json'], io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as { step: number; graph: { nodes: { marks: string[] }[] }; text: string };
    expect(r.step).toBe(6);
    expect(r.graph.nodes.some((n) => n.marks.includes('orphan'))).toBe(true);
    expect(r.text).toMatch(/^digraph/);
  });

  it('exits 2 for a --step past the last step, with one line naming the file and its last step, writing nothing', async () => {
    const out = join(tmp, 'past.dot');
    const io = capture();
    expect(await main(['render', scenarioPath('alias.yaml'), '--step', '16', '-o', out], io)).toBe(2);
    expect(io.errs).toEqual([
      `${scenarioPath('alias.yaml')}:23: --step must be an integer from 0 to 15 (the last step), got "16"`,
    ]);
    expect(io.outs).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for a --step that is not a number', async () => {
    const io = capture();
    expect(await main(['render', scenarioPath('alias.yaml'), '--step', 'two'], io)).toBe(2);
    expect(io.errs).toHaveLength(1);
    expect(io.errs[0]).toMatch(/alias\.yaml:23: --step must be an integer/);
  });

  it('exits 2 for an unknown format, writing nothing', async () => {
    const out = join(tmp, 'x.png');
    const io = capture();
    expect(await main(['render', scenarioPath('alias.yaml'), '--format', 'png', '-o', out], io)).toBe(2);
    expect(io.errs).toEqual(['relinklab: unknown --format "png" (dot, svg, mermaid)']);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when the scenario is missing', async () => {
    const io = capture();
    expect(await main(['render', join(tmp, 'none.yaml')], io)).toBe(2);
    expect(io.errs).toEqual([`${join(tmp, 'none.yaml')}: cannot read: ENOENT`]);
  });

  it('exits 2 when the output cannot be written', async () => {
    const out = join(tmp, 'no-dir', 'x.dot');
    const io = capture();
    expect(await main(['render', scenarioPath('alias.yaml'), '-o', out], io)).toBe(2);
    expect(io.errs).toEqual([`${out}: cannot write: ENOENT`]);
  });
});
