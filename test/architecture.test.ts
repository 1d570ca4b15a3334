/**
 * The layers hold and the architecture picture is the code's: no import of src/ points up a
 * layer, the imports have no cycle, and docs/architecture.md's layer table and picture were drawn
 * from the current sources (node scripts/architecture.mjs redraws them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BEGIN,
  dotHash,
  END,
  importCycle,
  layerTable,
  readGraph,
  REPO,
  toDot,
  violations,
} from '../scripts/architecture.mjs';

const graph = readGraph();

describe('the layers of src/', () => {
  it('have every import pointing down or within its layer, and no folder outside a layer', () => {
    expect(violations(graph)).toEqual([]);
  });

  it('have no import cycle among the files', () => {
    expect(importCycle(graph)).toBeNull();
  });

  it('find a made-up cycle of value imports (the check can fail)', () => {
    const importer = graph.find((g) => g.valueImports.length > 0);
    const imported = importer?.valueImports[0];
    expect(imported).toBeDefined();
    const bad = graph.map((g) =>
      g.file === imported && importer !== undefined ? { ...g, valueImports: [...g.valueImports, importer.file] } : g,
    );
    expect(importCycle(bad)).not.toBeNull();
  });

  it('find a made-up upward import (the check can fail)', () => {
    const bad = graph.map((g) =>
      g.file === 'src/model/world.ts' ? { ...g, imports: [...g.imports, 'src/cli/main.ts'] } : g,
    );
    expect(violations(bad).some((v) => v.startsWith('src/model/world.ts'))).toBe(true);
  });
});

describe('docs/architecture.md', () => {
  const md = readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8');
  const block = md.slice(md.indexOf(BEGIN) + BEGIN.length, md.indexOf(END));

  it('shows the layer table of the current sources', () => {
    expect(block).toContain(layerTable(graph));
  });

  it('shows the picture drawn from the current sources', () => {
    const hash = dotHash(toDot(graph));
    expect(block).toContain(`from source ${hash}`);
    expect(readFileSync(join(REPO, 'docs', 'architecture.svg'), 'utf8')).toContain('<svg');
  });
});
