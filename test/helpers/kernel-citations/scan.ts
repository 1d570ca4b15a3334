/**
 * Finds the kernel citations in a text (a source file of src/ or a page of docs/).
 *
 * The grammar (what a citation is):
 * - A **kernel path** is a `.c` or `.h` file under one of the kernel's top folders (KERNEL_TOPS),
 *   not part of a longer path: `fs/namei.c`, `include/uapi/linux/mount.h`. Every kernel path
 *   mentioned must exist in the source, whatever follows it.
 * - A **citation** is a kernel path, a colon, and a name: `fs/namei.c: vfs_link`. The name may be
 *   in backticks and may start on the next line of a comment. `struct NAME` cites a struct and
 *   `SYSCALL_DEFINEn(NAME)` a system call. Without the colon, a path followed by one space and
 *   a name holding an underscore (`fs/namei.c do_linkat`) or `struct NAME` is a citation too; a
 *   plain word after a bare path is prose (`fs/namei.c of`, `fs/open.c and`), and so is a list in
 *   parentheses (`fs/open.c (do_fchmodat, do_fchownat)`): only the path is checked there.
 * - A **chain** `a → b → c` follows the first name with `→` (U+2192 only: `->` is C's field
 *   access, `inode->i_flags`). A parenthesis after a name (`dput(dentry)`, `x (fget_raw)`) is
 *   skipped. A chain ends at a kernel path (`→ fs/file.c: __receive_fd` starts a new citation).
 * - A chain also ends at a word of PROSE_OPENERS (`reconfigure_super → our relink_dir_lookup`).
 * - After the first name and the chain, the rest is prose: lists (`fput, __fput`),
 *   alternatives (`d_rehash / d_add`) and `or` are not checked.
 * - A colon followed by an English word that opens a description (PROSE_OPENERS: `fs/d_path.c:
 *   the name a path has`) describes the file and cites no name.
 *
 * Out of scope (never matched): CRIU's sources (`criu/files-reg.c: ...`, "CRIU's files-reg.c"),
 * our own series ("patch 07", kernel-patches/...), mailing-list and commit references, line
 * numbers and quoted source lines, kernel citations written inside a template (`${name}`).
 */

/** The top folders of the kernel tree a cited file may live in. */
export const KERNEL_TOPS = [
  'arch',
  'block',
  'drivers',
  'fs',
  'include',
  'init',
  'ipc',
  'kernel',
  'lib',
  'mm',
  'net',
  'security',
] as const;

/** Words that, right after `path:` or `→`, start a description rather than a name. */
export const PROSE_OPENERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'its',
  'each',
  'every',
  'per',
  'what',
  'where',
  'which',
  'how',
  'our',
  'changing',
]);

export type CitedName = { readonly name: string; readonly kind: 'name' | 'struct' | 'syscall' };

/** A kernel path mentioned at a line, and the names it cites (empty when it cites none). */
export type Citation = {
  readonly path: string;
  readonly line: number;
  /** The first name (to be defined in `path`) and then each name of the chain (to appear there). */
  readonly names: readonly CitedName[];
  /** The citation as written, for messages. */
  readonly text: string;
};

const PATH = String.raw`(?<![\w/.-])((?:${KERNEL_TOPS.join('|')})/[\w/.-]*\.[ch])(?![\w/-])`;
/** Spaces, and at most one line break followed by a comment's leader (` * `, `// `). */
const GAP = String.raw`[ \t]*(?:\n[ \t]*(?:\*(?!/)|//)?[ \t]*)?`;
const HEAD = String.raw`\`?(?:struct\s+(\w+)|SYSCALL_DEFINE\d\((\w+)\)|([A-Za-z_]\w*))`;
const COLON_CITATION = new RegExp(`${PATH}(?::${GAP}${HEAD})?`, 'g');
const BARE_HEAD = /^ (?:struct\s+(\w+)|([A-Za-z_]\w*_\w*))/;
/** From the end of a name to the next `→`: a closing backtick, a parenthesis, spaces. */
const TO_ARROW = new RegExp(String.raw`^\`?(?:\([^()\n]*\))?\`?${GAP}(?:\([^()\n]*\)${GAP})?→`);
const NEXT_NAME = new RegExp(String.raw`^${GAP}\`?([A-Za-z_]\w*)`);
const STARTS_WITH_PATH = new RegExp(`^${GAP}\`?${PATH}`);

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function headOf(struct: string | undefined, syscall: string | undefined, word: string | undefined): CitedName | null {
  if (struct !== undefined) return { name: struct, kind: 'struct' };
  if (syscall !== undefined) return { name: syscall, kind: 'syscall' };
  if (word !== undefined && !PROSE_OPENERS.has(word) && word !== 'struct') return { name: word, kind: 'name' };
  return null;
}

/** The names `a → b → c` adds after its head, which ends at `from`; and where the chain ends. */
function chainAfter(text: string, from: number): { names: CitedName[]; end: number } {
  const names: CitedName[] = [];
  let at = from;
  for (;;) {
    const rest = text.slice(at, at + 400);
    const arrow = TO_ARROW.exec(rest);
    if (arrow === null) break;
    const after = rest.slice(arrow[0].length);
    const next = NEXT_NAME.exec(after);
    if (STARTS_WITH_PATH.test(after) || next?.[1] === undefined || PROSE_OPENERS.has(next[1])) break;
    names.push({ name: next[1], kind: 'name' });
    at += arrow[0].length + next[0].length;
  }
  return { names, end: at };
}

/** Every kernel path `text` mentions, with the names it cites there. */
export function scanCitations(text: string): Citation[] {
  const found: Citation[] = [];
  for (const m of text.matchAll(COLON_CITATION)) {
    const path = m[1];
    if (path === undefined) continue;
    const start = m.index;
    let head = headOf(m[2], m[3], m[4]);
    let headEnd = start + m[0].length;
    if (m[0].length === path.length) {
      const bare = BARE_HEAD.exec(text.slice(headEnd, headEnd + 200));
      if (bare !== null) {
        head = headOf(bare[1], undefined, bare[2]);
        headEnd += bare[0].length;
      }
    }
    const chain = head === null ? { names: [], end: headEnd } : chainAfter(text, headEnd);
    found.push({
      path,
      line: lineOf(text, start),
      names: head === null ? [] : [head, ...chain.names],
      text: text.slice(start, chain.end).replace(/\s+/g, ' '),
    });
  }
  return found;
}
