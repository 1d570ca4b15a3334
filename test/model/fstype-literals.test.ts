// Where file-system types differ is data (src/model/fstype.ts): the code that runs the calls asks the
// type's properties, so a comparison of a type's name with a literal must not creep back.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** The layers that run calls, restore tasks, check invariants and replay or generate traces. */
const DIRS = ['src/ops', 'src/cr', 'src/invariants', 'src/teach', 'src/trace', 'src/crosscheck'];
/** `x.s_type === 'btrfs'`, `fs !== 'tmpfs'`, `case 'ext4':` and the like, for any name the model has. */
const LITERAL =
  /\b(s_type|fs|fstype|fs_type|type)\s*[!=]==\s*'(ext\d|btrfs|tmpfs|anon)'|case '(ext\d|btrfs|tmpfs|anon)':/;

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('file-system types are asked, not named', () => {
  it('no file of the call-running layers compares a type name with a literal', () => {
    const found = DIRS.flatMap(tsFiles).flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (LITERAL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('the pattern catches the comparisons it is meant to', () => {
    for (const line of [
      "if (sb.s_type === 'btrfs') return 'EXDEV';",
      "const kids = e.fs !== 'tmpfs' ? a : b;",
      "    case 'anon':",
      "if (fs === 'ext3')",
    ])
      expect(LITERAL.test(line), line).toBe(true);
    expect(LITERAL.test('if (sb.s_type === want.fstype) return true;')).toBe(false);
  });
});
