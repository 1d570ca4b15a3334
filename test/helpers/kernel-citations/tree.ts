/** The kernel citations of the project's own text: every file under src/, and docs/*.md. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanCitations, type Citation } from './scan.js';

export type PlacedCitation = Citation & { readonly file: string };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

/** The files whose citations are checked, as absolute paths. */
export function citingFiles(repo: string): string[] {
  const docs = readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(repo, 'docs', f));
  return [...filesUnder(join(repo, 'src')), ...docs].sort();
}

/** Every citation in those files, with the file (relative to the repository) it is in. */
export function treeCitations(repo: string): PlacedCitation[] {
  return citingFiles(repo).flatMap((abs) => {
    const text = readFileSync(abs, 'utf8');
    const file = relative(repo, abs);
    return scanCitations(text).map((c) => ({ ...c, file }));
  });
}
