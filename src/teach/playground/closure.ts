/**
 * What the browser would import: the compiled modules reachable from the playground's entry
 * modules, following their import and export statements, and the packages they name. The
 * playground is refused when any of them reaches Node (a `node:` module, fs, path, or the
 * `process` and `Buffer` globals): in a browser that is an error at load or, worse, in a step.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

export interface Closure {
  /** Every module reached, as paths relative to the root, in the order reached. */
  readonly files: readonly string[];
  /** The packages named by bare specifiers (`immer`), with one module that names each. */
  readonly packages: ReadonlyMap<string, string>;
}

const IMPORTS =
  /(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;
const NODE_GLOBALS =
  /\b(?:process\.(?:env|argv|cwd|exit|stdout|stderr|stdin|platform|hrtime|memoryUsage|nextTick|on)\b|Buffer\.(?:from|alloc|concat|byteLength|isBuffer)\b|require\()/;
const NODE_BUILTINS = new Set(builtinModules);

export const isNodeBuiltin = (spec: string): boolean =>
  spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0] ?? spec);

/** A module the browser cannot run, and the chain of imports that reaches it. */
export class NodeOnlyReached extends Error {
  constructor(
    readonly chain: readonly string[],
    readonly what: string,
  ) {
    super(`${chain.join(' -> ')} ${what}: the browser cannot run it`);
    this.name = 'NodeOnlyReached';
  }
}

function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORTS)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) out.push(spec);
  }
  return out;
}

/** The closure of `entries` (paths relative to `root`); throws NodeOnlyReached on anything of Node's. */
export function browserClosure(root: string, entries: readonly string[]): Closure {
  const parent = new Map<string, string | null>(entries.map((e) => [e, null]));
  const chain = (file: string): string[] => {
    const out: string[] = [];
    for (let f: string | null | undefined = file; f !== null && f !== undefined; f = parent.get(f)) out.unshift(f);
    return out;
  };
  const files: string[] = [];
  const packages = new Map<string, string>();
  const queue = [...entries];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    files.push(file);
    const source = readFileSync(join(root, file), 'utf8');
    const global = NODE_GLOBALS.exec(source);
    if (global !== null) throw new NodeOnlyReached(chain(file), `uses ${global[0]}`);
    for (const spec of specifiers(source)) {
      if (isNodeBuiltin(spec)) throw new NodeOnlyReached(chain(file), `imports ${spec}`);
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, file);
        continue;
      }
      const target = relative(root, join(root, dirname(file), spec));
      if (parent.has(target)) continue;
      parent.set(target, file);
      queue.push(target);
    }
  }
  return { files, packages };
}
