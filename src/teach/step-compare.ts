/**
 * A step's picture read against the one before it: a value the step changed reads `old -> new`
 * in its node, a line the step dropped reads `was: ...`, and an object the step freed (a file
 * closed, a name removed) stays once as a ghost where it was, with the edges it had.
 */
import { edgeKey, highlighted, type Graph, type GraphEdge, type GraphNode, type Mark } from './graph-types.js';

/** "fd 3 → file 4" pairs with "fd 3 → ...", "i_nlink 1" with "i_nlink ...": the words naming the value. */
const lineKey = (line: string): string => /^(fd \S+|pid \S+|\S+)/.exec(line)?.[1] ?? line;

/**
 * "i_nlink 1" and "i_nlink 0" read "i_nlink 1 -> 0": the words both share, then the two values.
 * When the old line is the start of the new one ("orphans: inode 14" grown by ", inode 13"),
 * only the line's key is shared, so the old value is not cut in two. Returns the old line and
 * what the arrow points to.
 */
function arrowParts(from: string, to: string): readonly [string, string] {
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  const key = `${lineKey(from)} `;
  const keyed = from.startsWith(key) && to.startsWith(key) ? key.length : 0;
  const shared = common === from.length ? keyed : from.lastIndexOf(' ', common - 1) + 1;
  return [from, to.slice(shared)];
}

export function arrowLine(from: string, to: string): string {
  return arrowParts(from, to).join(' -> ');
}

/**
 * An old -> new line longer than this many characters is drawn on two lines, the old value and
 * `-> new` under it: a relinked name's path changing to the same path "(deleted)" made a restart's
 * widest node, and the width of the picture is what bounds its text on a projector.
 */
export const ARROW_WRAP_AT = 40;

/** The arrow line, or the old line and `-> new` under it when the one line is long. */
function arrowLines(from: string, to: string): string[] {
  const [old, now] = arrowParts(from, to);
  const one = `${old} -> ${now}`;
  return one.length > ARROW_WRAP_AT ? [old, `-> ${now}`] : [one];
}

/** The after lines with each changed value as old -> new, and the lines the step dropped. */
export function comparedLines(before: readonly string[], after: readonly string[]): string[] {
  const unused = before.filter((l) => !after.includes(l));
  const out = after.flatMap((line) => {
    if (before.includes(line)) return [line];
    const i = unused.findIndex((b) => lineKey(b) === lineKey(line));
    if (i < 0) return [line];
    const [old] = unused.splice(i, 1);
    return old === undefined ? [line] : arrowLines(old, line);
  });
  return [...out, ...unused.map((l) => `was: ${l}`)];
}

const withoutContext = (marks: readonly Mark[]): Mark[] => marks.filter((m) => m !== 'context');

/**
 * The after graph with the before graph's values shown where they changed and its freed objects
 * as ghosts. A node whose shown lines changed is highlighted even when its own record did not
 * (a file's path after a rename of its directory); a highlighted node is never context.
 */
export function compareGraphs(before: Graph, after: Graph): Graph {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Set(after.nodes.map((n) => n.id));
  const nodes: GraphNode[] = after.nodes.map((n) => {
    const prev = old.get(n.id);
    if (prev === undefined) return { ...n, marks: withoutContext(n.marks) };
    const lines = comparedLines(prev.lines, n.lines);
    const differs = lines.some((l, i) => l !== n.lines[i]) || lines.length !== n.lines.length;
    const marks: Mark[] = differs && !highlighted(n) ? [...n.marks, 'changed'] : [...n.marks];
    return { ...n, lines, marks: highlighted({ ...n, marks }) ? withoutContext(marks) : marks };
  });
  const ghosts = before.nodes.filter((n) => !now.has(n.id));
  nodes.push(...ghosts.map((n): GraphNode => ({ ...n, title: `${n.title} (freed)`, marks: ['ghost'] })));
  const ghostIds = new Set(ghosts.map((n) => n.id));
  const have = new Set(after.edges.map(edgeKey));
  const ghostEdges: GraphEdge[] = before.edges.filter(
    (e) => (ghostIds.has(e.from) || ghostIds.has(e.to)) && !have.has(edgeKey(e)),
  );
  const groups = [...after.groups, ...before.groups.filter((g) => !after.groups.some((a) => a.id === g.id))];
  return { ...after, groups, nodes, edges: [...after.edges, ...ghostEdges] };
}
