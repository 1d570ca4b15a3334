/**
 * Every kernel citation in src/ and docs/*.md names a file of Debian's linux-source-6.1 (with the
 * relink series applied) and, where it names a function, macro, struct, field or constant, one
 * that file defines; each later name of a chain `a → b` appears in that file
 * (test/helpers/kernel-citations/ has the grammar and the rules).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { citationProblems, type KernelSource } from '../helpers/kernel-citations/check.js';
import { scanCitations } from '../helpers/kernel-citations/scan.js';
import { kernelSource } from '../helpers/kernel-citations/source-cache.js';
import { treeCitations } from '../helpers/kernel-citations/tree.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const citations = treeCitations(REPO);
/** Made-up citations, checked against the same extracted tree to show the check can fail there. */
const PLANTED = 'fs/no_such_file.c: vfs_link; fs/namei.c: vfs_lnik; fs/namei.c: dput; fs/namei.c: may_relink';
const planted = scanCitations(PLANTED);
let source: KernelSource;

beforeAll(() => {
  // Cold, this is one pass of xz over the 138 MB tarball (10-25 s on this machine's kind).
  source = kernelSource(
    REPO,
    [...citations, ...planted].map((c) => c.path),
  );
}, 300_000);

describe('the kernel citations of src/ and docs/', () => {
  it('are found (the scanner reads the tree)', () => {
    expect(citations.filter((c) => c.names.length > 0).length).toBeGreaterThan(300);
  });

  it('each name a 6.1 file that defines the cited name and holds every name of its chain', () => {
    const wrong = citations.flatMap((c) =>
      citationProblems(c, source).map((p) => `${c.file}:${c.line}: ${c.text} — ${p}`),
    );
    expect(wrong).toEqual([]);
  });

  it('are checked against the patched tree: a missing file, a misspelt name and a name defined elsewhere fail, a name the series adds passes', () => {
    expect(planted.map((c) => citationProblems(c, source))).toEqual([
      ['fs/no_such_file.c does not exist'],
      ['vfs_lnik does not appear in fs/namei.c'],
      ['dput is only mentioned, not defined, in fs/namei.c'],
      [],
    ]);
  });
});
