// Types of scripts/architecture.mjs for the TypeScript that imports it (test/architecture.test.ts).
export interface SourceFile {
  readonly file: string;
  readonly folder: string;
  readonly imports: readonly string[];
  /** The imports that are not `import type`. */
  readonly valueImports: readonly string[];
}
export const REPO: string;
export const LAYERS: readonly { readonly name: string; readonly folders: readonly string[] }[];
export const BEGIN: string;
export const END: string;
export function readGraph(): SourceFile[];
export function violations(graph: readonly SourceFile[]): string[];
export function importCycle(graph: readonly SourceFile[]): string[] | null;
export function toDot(graph: readonly SourceFile[]): string;
export function layerTable(graph: readonly SourceFile[]): string;
export function withTable(markdown: string, table: string, dotHash: string): string;
export function dotHash(dot: string): string;
export function renderSvg(dot: string): Promise<string>;
