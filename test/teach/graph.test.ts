// The object graph and its three formats: what a reader must be able to see at a step.
import { describe, expect, it } from 'vitest';
import { toDot } from '../../src/teach/dot.js';
import { nodeId } from '../../src/teach/graph.js';
import { toMermaid } from '../../src/teach/mermaid.js';
import { graphAtStep, renderGraph } from '../../src/teach/render.js';
import { readScenario } from '../../src/scenario/parse.js';
import { buildTimeline } from '../../src/teach/timeline.js';
import { frameOf, scenarioPath, timeline } from './helpers.js';

const orphan = timeline('orphan.yaml');
const unlinkStep = frameOf(orphan, 'unlink').index;
const checkpointStep = frameOf(orphan, 'checkpoint').index;

/** The model ids of the open file and its inode after the unlink (the only file on ext4). */
function openFileAndInode(): { file: string; inode: string } {
  const w = orphan.frames[unlinkStep - 1]?.after.world;
  const f = Object.values(w?.files ?? {}).find((x) => w?.dentries[x.f_path.dentry]?.d_name === 'log');
  if (f === undefined) throw new Error('no open /log');
  return { file: nodeId('files', f.id), inode: nodeId('inodes', f.f_inode) };
}

describe('the object graph', () => {
  it('has, in DOT, an edge from an open unlinked file to its inode and marks the inode orphan', () => {
    const { file, inode } = openFileAndInode();
    const dot = toDot(graphAtStep(orphan, unlinkStep));
    expect(dot).toContain(`${file} -> ${inode} [label="f_inode"]`);
    expect(dot).toMatch(new RegExp(`${inode} \\[label="inode 13\\\\n[^"]*ORPHAN", [^\\]]*class="inode orphan`));
  });

  it("draws the superblock's orphan list as an edge to the orphan inode", () => {
    const { inode } = openFileAndInode();
    expect(toDot(graphAtStep(orphan, unlinkStep))).toMatch(new RegExp(`sb_\\d+ -> ${inode} \\[label="s_orphans"`));
  });

  it('no longer marks the inode orphan once checkpoint relinked it', () => {
    const { inode } = openFileAndInode();
    const g = graphAtStep(orphan, checkpointStep);
    expect(g.nodes.find((n) => n.id === inode)?.marks).not.toContain('orphan');
  });

  it('shows the checkpoint image with an edge from its file to the relinked name restart will open', () => {
    const g = graphAtStep(orphan, checkpointStep);
    const img = g.edges.find((e) => e.label === 'restart opens');
    expect(img?.from).toMatch(/^imgfile_/);
    expect(g.nodes.find((n) => n.id === img?.to)?.lines).toContain('/ckpt/unlink-at-restart-13-0');
  });

  it('marks relink_dir and points the superblock at it', () => {
    const g = graphAtStep(orphan, checkpointStep);
    const rd = g.edges.find((e) => e.label === 's_relink_dir');
    expect(g.nodes.find((n) => n.id === rd?.to)?.marks).toContain('relink-dir');
  });

  it('marks the objects the step created and changed', () => {
    const g = graphAtStep(orphan, checkpointStep);
    const { inode } = openFileAndInode();
    expect(g.nodes.find((n) => n.id === inode)?.marks).toContain('changed');
    expect(g.nodes.some((n) => n.lines.includes('/ckpt/unlink-at-restart-13-0') && n.marks.includes('new'))).toBe(true);
  });

  it('marks an open inode with no name on tmpfs, which keeps no orphan list, as unlinked and not orphan', () => {
    const sc = readScenario(scenarioPath('orphan.yaml'));
    const t = buildTimeline({ ...sc, fs: 'tmpfs' });
    const g = graphAtStep(t, frameOf(t, 'unlink').index);
    const ino = g.nodes.find((n) => n.kind === 'inode' && n.lines.includes('no name left'));
    expect(ino?.marks).toContain('unlinked');
    expect(ino?.marks).not.toContain('orphan');
  });

  it('leaves out the objects of the internal anon mount', () => {
    const g = graphAtStep(orphan, 0);
    expect(g.nodes.some((n) => n.lines.some((l) => l.startsWith('anon:')))).toBe(false);
    expect(g.nodes.find((n) => n.id === 'fdt_1')?.lines).toContain('fd 0,1,2: from outside');
  });

  it('gives the orphan inode the orphan class in Mermaid', () => {
    const { inode } = openFileAndInode();
    expect(toMermaid(graphAtStep(orphan, unlinkStep))).toMatch(new RegExp(`class [\\w,]*\\b${inode}\\b[\\w,]* orphan`));
  });

  it("quotes Mermaid's front-matter title, since scenario titles hold colons that YAML would split at", () => {
    const lines = toMermaid(graphAtStep(orphan, unlinkStep)).split('\n');
    expect(lines[1]).toBe('title: "An orphan inode survives a migration: after step 6, pid 2: unlink(\\"/log\\")"');
  });

  it('renders SVG in-process, keeping the orphan class on the inode', async () => {
    const svg = await renderGraph(graphAtStep(orphan, unlinkStep), 'svg');
    expect(svg).toContain('<svg');
    expect(svg).toMatch(/class="node inode orphan/);
  });
});
