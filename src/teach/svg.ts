/**
 * DOT to SVG in-process with Graphviz compiled to WebAssembly (@viz-js/viz): no system Graphviz,
 * and the report can inline the result. The instance is made once; it takes a moment to start.
 */
import { instance, type Viz } from '@viz-js/viz';

let viz: Promise<Viz> | null = null;

export async function dotToSvg(dot: string): Promise<string> {
  viz ??= instance();
  const v = await viz;
  return v.renderString(dot, { format: 'svg', engine: 'dot' });
}
