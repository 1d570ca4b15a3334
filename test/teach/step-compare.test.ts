// A step's node read against the step before: values as old -> new, dropped lines kept as was:.
import { describe, expect, it } from 'vitest';
import { ARROW_WRAP_AT, arrowLine, compareGraphs, comparedLines } from '../../src/teach/step-compare.js';
import type { Graph, GraphNode } from '../../src/teach/graph.js';

const inode = (lines: string[], marks: GraphNode['marks'] = []): GraphNode => ({
  id: 'inode_9',
  kind: 'inode',
  title: 'inode 13',
  lines,
  marks,
  group: 'sb_1',
});
const graph = (nodes: GraphNode[]): Graph => ({
  title: 't',
  groups: [{ id: 'sb_1', label: 'ext4' }],
  nodes,
  edges: [],
});

describe('old -> new in a node', () => {
  it('keeps the words both values share once: i_nlink 1 -> 0', () => {
    expect(arrowLine('i_nlink 1', 'i_nlink 0')).toBe('i_nlink 1 -> 0');
    expect(arrowLine('i_count 1', 'i_count 10')).toBe('i_count 1 -> 10');
    expect(arrowLine('orphans: none', 'orphans: inode 13')).toBe('orphans: none -> inode 13');
  });

  it('shows a name that grew whole on both sides: /log -> /log (deleted)', () => {
    expect(arrowLine('/log', '/log (deleted)')).toBe('/log -> /log (deleted)');
  });

  it('keeps a list that grew whole after its key: orphans: inode 14 -> inode 14, inode 13', () => {
    expect(arrowLine('orphans: inode 14', 'orphans: inode 14, inode 13')).toBe(
      'orphans: inode 14 -> inode 14, inode 13',
    );
  });

  it('pairs the fd lines of one fd, not of two', () => {
    expect(comparedLines(['fd 3 → file 4', 'fd 4 → file 5'], ['fd 3 → file 4', 'fd 4 → file 6'])).toEqual([
      'fd 3 → file 4',
      'fd 4 → file 5 -> 6',
    ]);
  });

  it('draws a long old -> new on two lines, the old value and -> new under it', () => {
    const name = '/ckpt/unlink-at-restart-13-0';
    expect(`${name} -> ${name} (deleted)`.length).toBeGreaterThan(ARROW_WRAP_AT);
    expect(comparedLines(['d_count 0', name], ['d_count 1', `${name} (deleted)`])).toEqual([
      'd_count 0 -> 1',
      name,
      `-> ${name} (deleted)`,
    ]);
  });

  it('keeps a line the step dropped as was:, and a new line as it is', () => {
    expect(comparedLines(['i_nlink 0', 'ORPHAN'], ['i_nlink 1'])).toEqual(['i_nlink 0 -> 1', 'was: ORPHAN']);
    expect(comparedLines(['d_count 1'], ['d_count 1', 'unhashed'])).toEqual(['d_count 1', 'unhashed']);
  });
});

describe('comparing two steps', () => {
  it('marks a node whose shown values changed as changed, and not as context', () => {
    const g = compareGraphs(graph([inode(['i_count 1'], ['context'])]), graph([inode(['i_count 2'], ['context'])]));
    expect(g.nodes[0]?.marks).toEqual(['changed']);
    expect(g.nodes[0]?.lines).toEqual(['i_count 1 -> 2']);
  });

  it('leaves an untouched node as it was', () => {
    const g = compareGraphs(graph([inode(['i_count 1'], ['context'])]), graph([inode(['i_count 1'], ['context'])]));
    expect(g.nodes[0]?.marks).toEqual(['context']);
  });

  it('draws a node the step freed as a ghost, its title saying so', () => {
    const g = compareGraphs(graph([inode(['i_count 1'], ['orphan'])]), graph([]));
    expect(g.nodes).toEqual([{ ...inode(['i_count 1']), title: 'inode 13 (freed)', marks: ['ghost'] }]);
  });
});
