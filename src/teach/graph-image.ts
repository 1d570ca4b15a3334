/**
 * The checkpoint image in the object graph: what it saved for each open file (the name restart
 * will open, the offset, the mount it came through, a fifo's buffered bytes), tied to the name in
 * the live file system when that name is there.
 */
import type { DentryId } from '../model/ids.js';
import { sourceName, type ImageFile } from '../model/image.js';
import type { World } from '../model/world.js';
import { filenameLookup } from '../ops/vfs/namei.js';
import type { GraphEdge, GraphGroup, GraphNode } from './graph-types.js';
import { nodeId } from './graph-types.js';
import type { State } from './timeline.js';

/** Longer buffers are cut: the node shows what kind of bytes were saved, the count says how many. */
const SHOWN_BYTES = 24;

function savedBuffer(buf: string): string {
  const shown = buf.length > SHOWN_BYTES ? `${JSON.stringify(buf.slice(0, SHOWN_BYTES))}...` : JSON.stringify(buf);
  return `pipe buffer ${shown} (${buf.length} bytes)`;
}

function howRestored(f: ImageFile): string {
  const src = f.source;
  if (src.kind === 'handle') return `handle ino ${src.ino}`;
  if (src.kind === 'ghost') return `ghost ${src.remapId} (${src.size} bytes copied)`;
  return `${src.kind} ${sourceName(src) ?? ''}`;
}

/** The lines an image file node shows: every thing restart will need from it. */
export function imageFileLines(f: ImageFile): string[] {
  const lines = [`was ${f.origPath}${f.unlinked ? ' (unlinked)' : ''}`, howRestored(f), `f_pos ${f.f_pos}`];
  lines.push(`through mount ${f.mount.id} on ${f.mount.mountpoint}`);
  if (f.pipeBuf !== null) lines.push(savedBuffer(f.pipeBuf));
  return lines;
}

/** The image's files, each tied to the name restart will open, when that name is in this world. */
export function imageNodes(
  st: State,
  add: (n: Omit<GraphNode, 'marks'>) => void,
  edges: GraphEdge[],
  groups: GraphGroup[],
): void {
  const img = st.image;
  if (img === null) return;
  groups.push({ id: 'image', label: 'checkpoint image' });
  const lines = img.tasks.flatMap((t) => t.fds.map((fd) => `pid ${t.pid} fd ${fd.fd} → image file ${fd.file}`));
  add({ id: 'image', kind: 'image', title: `image (${img.strategy})`, lines, group: 'image' });
  for (const f of img.files) {
    const id = `imgfile_${f.key}`;
    add({ id, kind: 'image-file', title: `image file ${f.key}`, lines: imageFileLines(f), group: 'image' });
    edges.push({ from: 'image', to: id, label: 'files', kind: 'image' });
    const name = sourceName(f.source);
    const d = name === null ? null : dentryAt(st.world, name);
    if (d !== null) edges.push({ from: id, to: nodeId('dentries', d), label: 'restart opens', kind: 'image' });
  }
}

/** The dentry a path names in pid 1's view, or null (the name is gone, or pid 1 is not there). */
function dentryAt(w: World, path: string): DentryId | null {
  const t = w.tasks[1];
  if (t === undefined) return null;
  const r = filenameLookup(w, t, -100, path, 0);
  return r.ok && r.value.kind === 'path' && w.dentries[r.value.path.dentry]?.d_inode != null
    ? r.value.path.dentry
    : null;
}
