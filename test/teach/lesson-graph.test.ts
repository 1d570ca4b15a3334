// Each scenario's lesson in its picture: the path a file was opened by, the mount it came through
// and where that mount is, what the image saved, and a count's change as old -> new.
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT } from '../../src/teach/dot.js';
import { toMermaid } from '../../src/teach/mermaid.js';
import { graphAtStep } from '../../src/teach/render.js';
import type { Graph, GraphNode } from '../../src/teach/graph.js';
import { frameOf, timeline } from './helpers.js';

const node = (g: Graph, pred: (n: GraphNode) => boolean): GraphNode | undefined => g.nodes.find(pred);

describe('other-mount.yaml: a file opened through a bind mount', () => {
  const t = timeline('other-mount.yaml');
  const g = graphAtStep(t, frameOf(t, 'open').index);
  const file = node(g, (n) => n.kind === 'file');

  it('labels the file /c/f, the path it was opened by, as /proc/PID/fd shows it, not /data/f', () => {
    expect(file?.lines[0]).toBe('/c/f');
  });

  it('draws an edge from the file to the bind mount, which says it is on /c', () => {
    const e = g.edges.find((x) => x.from === file?.id && x.label === 'f_path.mnt');
    expect(node(g, (n) => n.id === e?.to)?.lines).toContain('on /c');
  });

  it("draws the bind mount's mountpoint as an edge to the dentry of /c", () => {
    const mnt = node(g, (n) => n.kind === 'mount' && n.lines.includes('on /c'));
    const e = g.edges.find((x) => x.from === mnt?.id && x.label === 'mnt_mountpoint');
    expect(node(g, (n) => n.id === e?.to)?.title).toBe('dentry "c"');
  });
});

describe('fifo.yaml: the buffer survives the kill in the image', () => {
  const t = timeline('fifo.yaml');
  const g = graphAtStep(t, frameOf(t, 'kill').index);

  it('shows the 13 saved bytes of the pipe buffer in the image file, with its offset and relinked name', () => {
    const img = node(g, (n) => n.kind === 'image-file');
    expect(img?.lines).toContain('pipe buffer "hello world!\\n" (13 bytes)');
    expect(img?.lines).toContain('f_pos 0');
    expect(img?.lines.some((l) => l.startsWith('relinked /ckpt/'))).toBe(true);
  });

  it('shows the live pipe losing its buffer as a dropped line of the inode', () => {
    expect(node(g, (n) => n.kind === 'inode' && n.lines.includes('fifo'))?.lines).toContain(
      'was: pipe: 13 bytes buffered',
    );
  });
});

describe('orphan.yaml: the unlink', () => {
  const t = timeline('orphan.yaml');
  const g = graphAtStep(t, frameOf(t, 'unlink').index);

  it("shows the inode's i_nlink as 1 -> 0 and the file's path gaining (deleted)", () => {
    expect(node(g, (n) => n.title === 'inode 13')?.lines).toContain('i_nlink 1 -> 0');
    expect(node(g, (n) => n.kind === 'file')?.lines).toContain('/log -> /log (deleted)');
  });
});

describe('the same marks in Mermaid', () => {
  const t = timeline('fifo.yaml');
  const mermaid = toMermaid(graphAtStep(t, frameOf(t, 'kill').index));

  it('outlines what the step touched in the gold of the SVG, and greys out what it freed', () => {
    expect(mermaid).toContain(`classDef touched stroke:${HIGHLIGHT},stroke-width:4px`);
    expect(mermaid).toMatch(/class [\w,]*\bfile_4\b[\w,]* ghost/);
  });
});
