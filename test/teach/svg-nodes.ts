// The nodes of a rendered SVG as the tests of the pictures read them: id, classes, outline, colour, text.
export interface SvgNode {
  readonly id: string;
  readonly classes: readonly string[];
  /** The outline's path: equal outlines are the same box at the same place. */
  readonly outline: string;
  readonly stroke: string;
  readonly text: readonly string[];
}

const unescape = (s: string): string =>
  s
    .replace(/&#45;/g, '-')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export function svgNodes(svg: string): SvgNode[] {
  return svg
    .split(/<g id="[^"]*node\d+" class="node/)
    .slice(1)
    .map((chunk) => {
      const body = chunk.slice(0, chunk.indexOf('</g>'));
      const classes = (/^([^"]*)"/.exec(body)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map(unescape);
      const id = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
      const shape = /<(?:path|polygon)[^>]*>/.exec(body)?.[0] ?? '';
      const outline = /\b(?:d|points)="([^"]*)"/.exec(shape)?.[1] ?? '';
      const stroke = /\bstroke="([^"]*)"/.exec(shape)?.[1] ?? '';
      const text = [...body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1] ?? ''));
      return { id, classes, outline, stroke, text };
    })
    .filter((n) => !n.id.startsWith('corner_'));
}
