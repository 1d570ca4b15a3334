/**
 * Graphviz in-process, compiled to WebAssembly (@viz-js/viz): no system Graphviz, and the report
 * can inline the result. The instance is made once; it takes a moment to start.
 */
import { instance, type Viz } from '@viz-js/viz';
import { ModelBug } from '../model/errors.js';

let viz: Promise<Viz> | null = null;

const graphviz = (): Promise<Viz> => (viz ??= instance());

export async function dotToSvg(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
}

/**
 * A graph whose nodes, edges and clusters all carry their positions (pos, lp, bb), drawn where
 * they are: Graphviz's nop2 engine, `neato -n2`.
 */
export async function pinnedDotToSvg(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'svg', engine: 'nop2' });
}

/** dot's layout as JSON (json0: positions and attributes, no drawing operations). */
export async function dotLayoutJson(dot: string): Promise<unknown> {
  const r = (await graphviz()).render(dot, { format: 'json0', engine: 'dot' });
  if (r.status !== 'success') throw new ModelBug(`graphviz refused a layout: ${JSON.stringify(r.errors)}`);
  return JSON.parse(r.output) as unknown;
}
