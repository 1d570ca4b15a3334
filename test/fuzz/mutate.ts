// Mutated inputs for the parser fuzzers: a seed file from the project, changed in one to four
// places the way real inputs go wrong: lines lost, doubled or swapped, tokens replaced or
// inserted, the file cut short, bytes flipped, collections nested far too deep.
import fc from 'fast-check';

/** Tokens any format chokes on when they land in the wrong place. */
export const GENERIC_TOKENS = [
  '',
  ' ',
  '\n',
  '\t',
  '\r\n',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '-',
  '#',
  '\\',
  '\u0000',
  '\u00ff',
  'é',
  '0',
  '-1',
  '2147483648',
  '4294967296',
  '18446744073709551616',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  'toString',
  '['.repeat(5000),
  '{'.repeat(5000),
  'x'.repeat(70_000),
];

type Mutation =
  | { readonly op: 'delete' | 'duplicate'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly with: number }
  | { readonly op: 'insert' | 'replace'; readonly at: number; readonly len: number; readonly token: string }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly byte: number };

function mutationArb(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const token = fc.constantFrom(...tokens, ...GENERIC_TOKENS);
  return fc.oneof(
    fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at }),
    fc.record({ op: fc.constant('swap' as const), at, with: fc.nat() }),
    fc.record({ op: fc.constantFrom('insert' as const, 'replace' as const), at, len: fc.nat({ max: 12 }), token }),
    fc.record({ op: fc.constant('truncate' as const), at }),
    fc.record({ op: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  );
}

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = m.at % Math.max(1, lines.length);
  const ci = m.at % Math.max(1, text.length + 1);
  switch (m.op) {
    case 'delete':
      return lines.filter((_, i) => i !== li).join('\n');
    case 'duplicate':
      return [...lines.slice(0, li + 1), ...lines.slice(li)].join('\n');
    case 'swap': {
      const lj = m.with % Math.max(1, lines.length);
      const out = [...lines];
      [out[li], out[lj]] = [out[lj] ?? '', out[li] ?? ''];
      return out.join('\n');
    }
    case 'insert':
      return text.slice(0, ci) + m.token + text.slice(ci);
    case 'replace':
      return text.slice(0, ci) + m.token + text.slice(ci + m.len);
    case 'truncate':
      return text.slice(0, ci);
    case 'flip':
      return text.slice(0, ci) + String.fromCharCode(m.byte) + text.slice(ci + 1);
  }
}

/** A seed (its index, and the text), mutated in one to four places with the format's tokens and the generic ones. */
export function mutatedInput(
  seeds: readonly string[],
  tokens: readonly string[],
): fc.Arbitrary<{ readonly seed: number; readonly text: string }> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb(tokens), { minLength: 1, maxLength: 4 }))
    .map(([seed, ms]) => ({ seed, text: ms.reduce(apply, seeds[seed] ?? '') }));
}
