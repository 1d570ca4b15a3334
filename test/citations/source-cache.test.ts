// Where the kernel files come from (test/helpers/kernel-citations/source-cache.ts), short of the
// extraction itself, which kernel-citations-name-6.1-definitions.test.ts exercises.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { kernelSource, patchedFiles } from '../helpers/kernel-citations/source-cache.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('the kernel source of the citations', () => {
  it('refuses, naming scripts/setup.sh, when the tarball is missing', () => {
    expect(() => kernelSource(REPO, ['fs/namei.c'], '/nonexistent/linux-source-6.1.tar.xz')).toThrow(
      /linux-source-6\.1\.tar\.xz is missing: run scripts\/setup\.sh/,
    );
  });

  it("takes the files a patch touches from its --- and +++ lines, /dev/null's side left out", () => {
    const patch = [
      '--- a/fs/namei.c',
      '+++ b/fs/namei.c',
      '@@ -1 +1 @@',
      '--- /dev/null',
      '+++ b/Documentation/filesystems/relink.rst',
    ].join('\n');
    expect(patchedFiles(patch)).toEqual(['fs/namei.c', 'fs/namei.c', 'Documentation/filesystems/relink.rst']);
  });
});
