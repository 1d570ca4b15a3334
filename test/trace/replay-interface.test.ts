/**
 * The replay asks the model through a narrow interface: of src/trace's files only replay-world.ts
 * (the world's queries and transitions) and model-answers.ts (a call's answer, the kernel's
 * limits) import src/ops; every other file goes through them, so the VFS helpers can change
 * without the replay's walk, comparison or reporting noticing.
 */
import { describe, expect, it } from 'vitest';
import { readGraph, type SourceFile } from '../../scripts/architecture.mjs';

const INTERFACE: readonly string[] = ['src/trace/replay-world.ts', 'src/trace/model-answers.ts'];

/** Each import of src/ops by a file of src/trace other than the interface, as "file -> import". */
function pastTheInterface(graph: readonly SourceFile[]): string[] {
  return graph
    .filter((g) => g.folder === 'trace' && !INTERFACE.includes(g.file))
    .flatMap((g) => g.imports.filter((i) => i.startsWith('src/ops/')).map((i) => `${g.file} -> ${i}`));
}

const graph = readGraph();

describe("the replay's interface to the model", () => {
  it('is the only way a file of src/trace reaches src/ops', () => {
    expect(pastTheInterface(graph)).toEqual([]);
  });

  it('is made of modules that exist and import src/ops themselves', () => {
    for (const file of INTERFACE) {
      expect(graph.find((g) => g.file === file)?.imports.some((i) => i.startsWith('src/ops/'))).toBe(true);
    }
  });

  it('finds a made-up import of a VFS helper by the root-escape walk (the check can fail)', () => {
    const bad = graph.map((g) =>
      g.file === 'src/trace/replay-walk.ts' ? { ...g, imports: [...g.imports, 'src/ops/vfs/namei.ts'] } : g,
    );
    expect(pastTheInterface(bad)).toContain('src/trace/replay-walk.ts -> src/ops/vfs/namei.ts');
  });
});
