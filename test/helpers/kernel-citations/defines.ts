/**
 * Whether a C source text defines a name, or only mentions it. "Defines" covers what a
 * citation's first name may be:
 * - a function: at the start of a line (kernel style puts a definition's type or name in column
 *   0), the name and its parameter list, then a body `{` before any `;` (a prototype ends in `;`
 *   and does not count, so a header cited for a function only declared there fails);
 * - a system call: `SYSCALL_DEFINEn(name, ...)` (or the COMPAT_ form);
 * - a macro: `#define name`;
 * - a struct, union or enum: `struct name {`;
 * - a variable at file scope: in column 0, the name then `=` or `;` (`static const match_table_t
 *   tokens = {`, `int sysctl_nr_open __read_mostly = ...;`), or a DEFINE_/DECLARE_ macro's first
 *   argument;
 * - a field: an indented declaration `type name;` (`fmode_t f_mode;`), or a function pointer
 *   `(*name)(...)`;
 * - an enum constant (upper case only, so a lower-case argument on a line of its own is not
 *   taken for one): an indented `NAME,` or `NAME =`;
 * - a typedef: `typedef ... name;` or `} name;`.
 * These are regular expressions over the text, not a C parser: good enough to tell a name the
 * file defines from one it does not, which is all a citation claims.
 */

const escape = (name: string): string => name.replace(/[^\w]/g, (c) => `\\${c}`);

/** From an opening parenthesis, the index just past its matching close (or -1). */
function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

function definesFunction(text: string, n: string): boolean {
  const start = new RegExp(String.raw`^(?![ \t#])[^\n;]*?\b${n}\s*\(`, 'gm');
  for (const m of text.matchAll(start)) {
    const close = closeParen(text, m.index + m[0].length - 1);
    if (close === -1) continue;
    const rest = text.slice(close, close + 300);
    const brace = rest.indexOf('{');
    const semi = rest.indexOf(';');
    if (brace !== -1 && (semi === -1 || brace < semi)) return true;
  }
  return false;
}

function definitionPatterns(n: string): RegExp[] {
  const patterns = [
    new RegExp(String.raw`\b(?:COMPAT_)?SYSCALL_DEFINE\d\(\s*${n}\s*[,)]`),
    new RegExp(String.raw`^[ \t]*#[ \t]*define[ \t]+${n}\b`, 'm'),
    new RegExp(String.raw`\b(?:struct|union|enum)\s+${n}\s*\{`),
    new RegExp(
      String.raw`^(?![ \t#])(?!return\b)(?!(?:struct|union|enum)\s+\w+\s*;)[^\n;(){}=]*\b${n}\s*(?:\[[^\]\n]*\])?[^\n;(=]*(?:=|;)`,
      'm',
    ),
    new RegExp(String.raw`^(?:static\s+)?(?:DEFINE|DECLARE)_\w*\(\s*${n}\b`, 'm'),
    new RegExp(
      String.raw`^[ \t]+(?!(?:return|goto|case|else)\b)(?:\w+[ \t*]+)+\**${n}\s*(?:\[[^\]\n]*\])?\s*(?::\s*\w+)?\s*;`,
      'm',
    ),
    new RegExp(String.raw`\(\s*\*\s*${n}\s*\)\s*\(`),
    new RegExp(String.raw`\btypedef\b[^;]*\b${n}\s*;`),
    new RegExp(String.raw`^\}\s*${n}\s*;`, 'm'),
  ];
  if (/^[A-Z][A-Z0-9_]*$/.test(n)) patterns.push(new RegExp(String.raw`^[ \t]+${n}\s*(?:=|,|$)`, 'm'));
  return patterns;
}

/** Does `text` define `name` (any of the kinds above)? */
export function definesName(text: string, name: string): boolean {
  const n = escape(name);
  return definesFunction(text, n) || definitionPatterns(n).some((p) => p.test(text));
}

/** Does `text` define `struct name` (or union, enum)? */
export function definesStruct(text: string, name: string): boolean {
  return new RegExp(String.raw`\b(?:struct|union|enum)\s+${escape(name)}\s*\{`).test(text);
}

/** Does `text` define the system call `name`? */
export function definesSyscall(text: string, name: string): boolean {
  return new RegExp(String.raw`\b(?:COMPAT_)?SYSCALL_DEFINE\d\(\s*${escape(name)}\s*[,)]`).test(text);
}

/** Does `name` appear in `text` as a whole word (a call, a use, a mention)? */
export function mentionsName(text: string, name: string): boolean {
  return new RegExp(String.raw`\b${escape(name)}\b`).test(text);
}
