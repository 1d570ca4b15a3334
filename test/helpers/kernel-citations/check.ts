/**
 * Checks one citation against the kernel source. The rules (docs/model.md, Transitions):
 * - the cited file exists;
 * - the first name is defined in that file (defines.ts says what "defined" covers): a rule cites
 *   where its behaviour is written;
 * - each later name of a chain `a → b` appears in that file. It need not be defined there: the
 *   chain says what the first function calls, and the callee often lives elsewhere
 *   (`fs/attr.c: setattr_prepare → inode_owner_or_capable`, defined in fs/inode.c, is called
 *   from fs/attr.c); what the citation claims about this file is that the call is in it.
 */
import type { Citation, CitedName } from './scan.js';
import { definesName, definesStruct, definesSyscall, mentionsName } from './defines.js';

/** The text of a kernel file by its path in the tree, or undefined when the tree has no such file. */
export type KernelSource = (path: string) => string | undefined;

function definedAs(text: string, head: CitedName): boolean {
  switch (head.kind) {
    case 'struct':
      return definesStruct(text, head.name);
    case 'syscall':
      return definesSyscall(text, head.name);
    case 'name':
      return definesName(text, head.name);
  }
}

function describe(head: CitedName): string {
  return head.kind === 'struct' ? `struct ${head.name}` : head.kind === 'syscall' ? `syscall ${head.name}` : head.name;
}

/** What is wrong with `citation` in `source` (empty when nothing is). */
export function citationProblems(citation: Citation, source: KernelSource): string[] {
  const text = source(citation.path);
  if (text === undefined) return [`${citation.path} does not exist`];
  const [head, ...chain] = citation.names;
  if (head === undefined) return [];
  const problems: string[] = [];
  if (!definedAs(text, head)) {
    const where = mentionsName(text, head.name) ? 'is only mentioned, not defined,' : 'does not appear';
    problems.push(`${describe(head)} ${where} in ${citation.path}`);
  }
  for (const link of chain) {
    if (!mentionsName(text, link.name)) problems.push(`${link.name} (after →) does not appear in ${citation.path}`);
  }
  return problems;
}
