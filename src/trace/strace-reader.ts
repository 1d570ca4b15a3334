/**
 * The reader of one strace line's values: a small recursive-descent reader with no backtracking
 * (strings with their escapes, structs, arrays, flags, fd decorations, calls in arguments, the
 * return value), so long logs parse in linear time. What it cannot read is an InputError naming
 * the file, line and column.
 */
import { MAX_ARG_NESTING } from './limits.js';
import { InputError } from '../model/errors.js';
import type { StraceReturn, StraceValue } from './strace-ast.js';

export class Reader {
  i = 0;
  private depth = 0;
  constructor(
    readonly s: string,
    readonly file: string,
    readonly line: number,
  ) {}

  fail(what: string): never {
    throw new InputError(this.file, this.line, `${what} at column ${this.i + 1}`);
  }

  peek(k = 0): string {
    return this.s[this.i + k] ?? '';
  }

  ws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  eat(t: string): boolean {
    if (this.s.startsWith(t, this.i)) {
      this.i += t.length;
      return true;
    }
    return false;
  }

  expect(t: string): void {
    if (!this.eat(t)) this.fail(`expected "${t}"`);
  }

  /** A comment "/* ... *\/" after a value, skipped. */
  comments(): void {
    for (;;) {
      this.ws();
      if (!this.s.startsWith('/*', this.i)) return;
      const end = this.s.indexOf('*/', this.i + 2);
      if (end < 0) this.fail('unterminated comment');
      this.i = end + 2;
    }
  }

  /** "..." with C escapes, then an optional `...` (truncated by -s). */
  string(): StraceValue {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unterminated string');
      this.i++;
      if (c === '"') break;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] ?? '';
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'v':
          out += '\v';
          break;
        case 'f':
          out += '\f';
          break;
        case 'a':
          out += '\x07';
          break;
        case 'b':
          out += '\b';
          break;
        case 'x': {
          const hex = /^[0-9a-fA-F]{1,2}/.exec(this.s.slice(this.i, this.i + 2));
          if (hex === null) this.fail('bad \\x escape');
          out += String.fromCharCode(parseInt(hex[0], 16));
          this.i += hex[0].length;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            let oct = e;
            while (oct.length < 3 && /[0-7]/.test(this.s[this.i] ?? '')) oct += this.s[this.i++];
            out += String.fromCharCode(parseInt(oct, 8) & 0xff);
          } else {
            out += e; // \" \\ and anything else stands for itself
          }
      }
    }
    const truncated = this.eat('...');
    return { kind: 'str', value: out, truncated };
  }

  /** { name=value, ... } — names optional (positional members). */
  struct(): StraceValue {
    this.expect('{');
    const fields: Record<string, StraceValue> = {};
    let truncated = false;
    let n = 0;
    this.ws();
    if (this.eat('}')) return { kind: 'struct', fields, truncated };
    for (;;) {
      this.ws();
      if (this.eat('...')) {
        truncated = true;
      } else {
        const m = /^([A-Za-z_][A-Za-z0-9_.]*)=/.exec(this.s.slice(this.i, this.i + 64));
        if (m !== null) {
          this.i += m[0].length;
          fields[m[1] ?? ''] = this.value();
        } else {
          fields[String(n)] = this.value();
        }
        n++;
      }
      this.comments();
      if (this.eat('}')) return { kind: 'struct', fields, truncated };
      if (!this.eat(',')) this.fail('expected "," or "}" in a struct');
    }
  }

  /** [a, b], [CHLD USR1] (signal sets), ~[...] (complements). */
  array(): StraceValue {
    const start = this.i;
    const complement = this.eat('~');
    this.expect('[');
    const items: StraceValue[] = [];
    let truncated = false;
    this.ws();
    if (this.eat(']'))
      return complement ? { kind: 'raw', text: this.s.slice(start, this.i) } : { kind: 'array', items, truncated };
    for (;;) {
      this.ws();
      if (this.eat('...')) truncated = true;
      else items.push(this.value());
      this.comments();
      if (this.eat(']')) break;
      if (this.eat(',')) continue;
      if (this.peek() === ' ' || /[A-Z0-9]/.test(this.peek())) continue; // space-separated sets
      this.fail('expected "," or "]" in an array');
    }
    if (complement) return { kind: 'raw', text: this.s.slice(start, this.i) };
    return { kind: 'array', items, truncated };
  }

  /** A number, a symbol, a call like makedev(1, 3), or several of them joined by | (flags). */
  scalar(): StraceValue {
    const parts: (string | number)[] = [];
    const start = this.i;
    let call: StraceValue | null = null;
    for (;;) {
      this.ws();
      const m = /^(-?0x[0-9a-fA-F]+|-?[0-9]+|[A-Za-z_?][A-Za-z0-9_?]*)/.exec(this.s.slice(this.i, this.i + 80));
      if (m === null) this.fail('expected a value');
      const tok = m[0];
      this.i += tok.length;
      if (/^[A-Za-z_?]/.test(tok) && this.peek() === '(') {
        call = this.callValue(tok);
        parts.push(tok);
      } else if (/^-?0x/.test(tok)) parts.push(tok.startsWith('-') ? -parseInt(tok.slice(3), 16) : parseInt(tok, 16));
      else if (/^-?0[0-7]+$/.test(tok)) parts.push(tok.startsWith('-') ? -parseInt(tok.slice(2), 8) : parseInt(tok, 8));
      else if (/^-?[0-9]+$/.test(tok)) parts.push(Number(tok));
      else parts.push(tok);
      // Operators strace uses inside flag expressions.
      if (this.eat('|')) continue;
      if (this.eat('<<') || this.eat('*') || this.eat('+')) continue;
      break;
    }
    const text = this.s.slice(start, this.i).trim();
    if (call !== null && parts.length === 1) return call;
    const only = parts[0];
    if (parts.length === 1 && typeof only === 'number') {
      // -y decoration: 3</path>
      if (this.peek() === '<') return this.fdPath(only);
      return { kind: 'num', value: only, text };
    }
    return { kind: 'flags', parts, text };
  }

  callValue(name: string): StraceValue {
    this.expect('(');
    const args: StraceValue[] = [];
    this.ws();
    if (this.eat(')')) return { kind: 'call', name, args };
    for (;;) {
      args.push(this.value());
      this.comments();
      if (this.eat(')')) return { kind: 'call', name, args };
      if (!this.eat(',')) this.fail('expected "," or ")" in a call');
    }
  }

  /** `3</tmp/x>` (-y) or `3<pipe:[123]>`: the decoration runs to the '>' that closes it. */
  fdPath(fd: number): StraceValue {
    this.expect('<');
    let depth = 1;
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '<') depth++;
      if (c === '>') {
        depth--;
        if (depth === 0) break;
      }
      this.i++;
    }
    if (depth !== 0) this.fail('unterminated fd decoration');
    const path = this.s.slice(start, this.i);
    this.i++;
    return { kind: 'fd', fd, path };
  }

  value(): StraceValue {
    if (this.depth >= MAX_ARG_NESTING) this.fail(`arguments nest deeper than ${MAX_ARG_NESTING} levels`);
    this.depth++;
    try {
      return this.valueAt();
    } finally {
      this.depth--;
    }
  }

  private valueAt(): StraceValue {
    this.ws();
    const c = this.peek();
    let v: StraceValue;
    if (c === '"') v = this.string();
    else if (c === '{') v = this.struct();
    else if (c === '[' || (c === '~' && this.peek(1) === '[')) v = this.array();
    else if (c === '&') {
      this.i++;
      v = this.value();
    } else {
      const named = /^([a-z_][a-z0-9_]*)=/.exec(this.s.slice(this.i, this.i + 64));
      if (named !== null && !/^[A-Z]/.test(named[1] ?? '')) {
        this.i += named[0].length;
        return { kind: 'named', name: named[1] ?? '', value: this.value() };
      }
      v = this.scalar();
    }
    this.comments();
    // "0x7ffd... /* 2 vars */" and "NULL" already handled; a trailing "..." after a value is elision.
    return v;
  }

  /**
   * A value, or — for the decodings strace prints for calls the model does not cover, such as
   * wait4's [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] — the raw text up to the next top-level "," or
   * ")". Only a line whose shape is wrong (unbalanced brackets, no "=" result) is an error.
   */
  valueOrRaw(): StraceValue {
    const start = this.i;
    try {
      const v = this.value();
      this.ws();
      // An in/out argument: "ENTRY => EXIT" (clone3's struct, accept's length); the call's input
      // is what the model needs, so the value on entry stands for the argument.
      let after: StraceValue | null = null;
      if (this.s.startsWith('=>', this.i)) {
        this.i += 2;
        this.ws();
        after = this.value();
        this.ws();
      }
      const next = this.peek();
      if (next === ',' || next === ')' || next === '' || this.s.startsWith('<unfinished', this.i))
        return after !== null && v.kind === 'array' ? { ...v, after } : v;
      // Followed by more words ("BTRFS_IOC_CLONE or FICLONE"): the whole argument is raw text.
      throw new InputError(this.file, this.line, 'more than one value');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      this.i = start;
      let depth = 0;
      let inStr = false;
      for (; this.i < this.s.length; this.i++) {
        const c = this.s[this.i];
        if (inStr) {
          if (c === '\\') this.i++;
          else if (c === '"') inStr = false;
          continue;
        }
        if (c === '"') inStr = true;
        else if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
      }
      if (depth !== 0) this.fail('unbalanced brackets');
      return { kind: 'raw', text: this.s.slice(start, this.i).trim() };
    }
  }

  /** Arguments up to the closing ')' (or the end of the line for unfinished and resumed parts). */
  args(untilParen: boolean): StraceValue[] {
    const out: StraceValue[] = [];
    for (;;) {
      this.ws();
      if (untilParen && this.peek() === ')') return out;
      if (!untilParen && (this.i >= this.s.length || this.s.startsWith('<unfinished', this.i))) return out;
      if (this.eat('...')) {
        out.push({ kind: 'raw', text: '...' });
      } else {
        out.push(this.valueOrRaw());
      }
      this.comments();
      if (this.eat(',')) continue;
      this.ws();
      if (untilParen && this.peek() === ')') return out;
      if (!untilParen && (this.i >= this.s.length || this.s.startsWith('<unfinished', this.i))) return out;
      this.fail('expected "," between arguments');
    }
  }

  /** " = 3", " = -1 ENOENT (...)", " = ?", " = 0x55... ", " = 3</x>", " = 5 (flags O_RDWR)". */
  ret(): StraceReturn {
    this.ws();
    this.expect('=');
    this.ws();
    if (this.eat('?')) {
      return { kind: 'unknown' };
    }
    const m = /^(-?0x[0-9a-fA-F]+|-?[0-9]+)/.exec(this.s.slice(this.i));
    if (m === null) this.fail('expected a return value');
    const tok = m[0];
    this.i += tok.length;
    // umask's old mask prints in octal.
    const value = /^-?0x/.test(tok) ? parseInt(tok, 16) : /^0[0-7]+$/.test(tok) ? parseInt(tok, 8) : Number(tok);
    if (this.peek() === '<') this.fdPath(value);
    this.ws();
    const err = /^(E[A-Z0-9]+|ERESTART[A-Z_]*)\b/.exec(this.s.slice(this.i));
    if (value === -1 && err !== null) return { kind: 'errno', errno: err[1] ?? '' };
    return { kind: 'value', value, text: this.s.slice(this.i).trim() };
  }
}
