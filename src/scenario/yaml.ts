/**
 * A small YAML reader for scenario files: block mappings and sequences by indentation, flow
 * sequences and mappings on one line, plain/quoted scalars, `|` and `>` block strings, comments.
 * Anchors, tags, multi-document streams and multi-line flow collections are refused with a
 * file:line error rather than misread.
 */
import { assertLineLengths, MAX_YAML_NESTING } from '../trace/limits.js';
import { InputError } from '../model/errors.js';

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** The line each mapping and sequence started on, so readers of the value can name it in errors. */
const LINES = new WeakMap<object, number>();

/** The 1-based line a mapping or sequence of a parsed document started on. */
export function yamlLine(v: YamlValue | undefined): number | undefined {
  return v !== null && typeof v === 'object' ? LINES.get(v) : undefined;
}

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

/** An own property, even for "__proto__", which a plain assignment would take as the prototype. */
function setOwn(o: { [key: string]: YamlValue }, key: string, value: YamlValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

export function parseYaml(source: string, file: string): YamlValue {
  assertLineLengths(source, file);
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    const noTabs = raw.replace(/\r$/, '');
    if (/^\t/.test(noTabs)) throw new InputError(file, i + 1, 'tabs are not allowed for indentation in YAML');
    const text = stripComment(noTabs, file, i + 1);
    if (text.trim() === '' || text.trim() === '---') return;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  if (lines.length === 0) return null;
  const r = new Reader(lines, file, source.split('\n'));
  const v = r.block(lines[0]?.indent ?? 0);
  if (r.pos < lines.length) {
    const l = lines[r.pos];
    throw new InputError(file, l?.no ?? 0, `unexpected indentation`);
  }
  return v;
}

/** Remove a trailing comment that is not inside quotes. */
function stripComment(s: string, file: string, no: number): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(s[i - 1] ?? ''))) {
      // A quote opens a quoted scalar only where a scalar starts; "seed's" is plain text.
      quote = c;
    } else if (c === '#' && (i === 0 || s[i - 1] === ' ')) {
      return s.slice(0, i).trimEnd();
    }
  }
  if (quote !== null && !/[|>]\s*$/.test(s)) throw new InputError(file, no, 'unterminated quoted string');
  return s;
}

class Reader {
  pos = 0;
  depth = 0;
  constructor(
    readonly lines: readonly Line[],
    readonly file: string,
    readonly raw: readonly string[],
  ) {}

  fail(no: number, msg: string): never {
    throw new InputError(this.file, no, msg);
  }

  block(indent: number): YamlValue {
    const first = this.lines[this.pos];
    if (first === undefined) return null;
    if (first.text.startsWith('- ') || first.text === '-') return this.sequence(indent);
    return this.mapping(indent);
  }

  /** One level deeper for `read`, refused past MAX_YAML_NESTING. */
  nested<T>(no: number, read: () => T): T {
    if (this.depth >= MAX_YAML_NESTING) this.fail(no, `collections nest deeper than ${MAX_YAML_NESTING} levels`);
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  sequence(indent: number): YamlValue[] {
    return this.nested(this.lines[this.pos]?.no ?? 0, () => this.sequenceItems(indent));
  }

  sequenceItems(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    const at = this.lines[this.pos];
    if (at !== undefined) LINES.set(out, at.no);
    for (let l = this.lines[this.pos]; l !== undefined && l.indent === indent; l = this.lines[this.pos]) {
      if (!(l.text.startsWith('- ') || l.text === '-')) this.fail(l.no, 'expected a "- " sequence item');
      const rest = l.text === '-' ? '' : l.text.slice(2).trimStart();
      this.pos++;
      if (rest === '') {
        const next = this.lines[this.pos];
        out.push(next !== undefined && next.indent > indent ? this.block(next.indent) : null);
      } else if (isMappingStart(rest)) {
        // "- key: value" starts a mapping whose keys sit at the indentation of "key".
        const itemIndent = indent + (l.text.length - rest.length);
        out.push(this.mapping(itemIndent, { no: l.no, indent: itemIndent, text: rest }));
      } else {
        out.push(this.scalarOrFlow(rest, l.no, indent));
      }
    }
    return out;
  }

  mapping(indent: number, firstLine?: Line): { [key: string]: YamlValue } {
    return this.nested((firstLine ?? this.lines[this.pos])?.no ?? 0, () => this.mappingEntries(indent, firstLine));
  }

  mappingEntries(indent: number, firstLine?: Line): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    let pending: Line | undefined = firstLine;
    const at = firstLine ?? this.lines[this.pos];
    if (at !== undefined) LINES.set(out, at.no);
    for (;;) {
      const l = pending ?? this.lines[this.pos];
      if (l === undefined || l.indent !== indent) break;
      if (pending === undefined) this.pos++;
      pending = undefined;
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:"'{}[\],#][^:]*?)\s*:(?:\s+(.*))?$/.exec(l.text);
      if (m === null) this.fail(l.no, `expected "key: value", got "${l.text}"`);
      const key = unquote(m[1] ?? '');
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(l.no, `duplicate key "${key}"`);
      const rest = (m[2] ?? '').trim();
      if (rest === '') {
        const next = this.lines[this.pos];
        if (next !== undefined && next.indent > indent) setOwn(out, key, this.block(next.indent));
        else if (next !== undefined && next.indent === indent && next.text.startsWith('- ')) {
          setOwn(out, key, this.sequence(indent));
        } else setOwn(out, key, null);
      } else {
        setOwn(out, key, this.scalarOrFlow(rest, l.no, indent));
      }
    }
    return out;
  }

  scalarOrFlow(text: string, no: number, indent: number): YamlValue {
    if (text === '|' || text === '>' || /^[|>][-+]?$/.test(text)) return this.blockString(text, indent);
    if (text.startsWith('&') || text.startsWith('*') || text.startsWith('!')) {
      this.fail(no, 'anchors, aliases and tags are not supported in scenario files');
    }
    const p = new FlowParser(text, this.file, no, this.depth);
    const v = p.value();
    p.end();
    return v;
  }

  blockString(header: string, indent: number): string {
    const out: string[] = [];
    const first = this.lines[this.pos];
    if (first === undefined || first.indent <= indent) return '';
    const bodyIndent = first.indent;
    // Re-read raw lines so blank lines and '#' inside the text are kept.
    let rawNo = first.no - 1;
    while (rawNo < this.raw.length) {
      const raw = (this.raw[rawNo] ?? '').replace(/\r$/, '');
      const ind = raw.length - raw.trimStart().length;
      if (raw.trim() !== '' && ind < bodyIndent) break;
      out.push(raw.trim() === '' ? '' : raw.slice(bodyIndent));
      rawNo++;
    }
    while (this.pos < this.lines.length && (this.lines[this.pos]?.no ?? 0) <= rawNo) this.pos++;
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    const keep = header.endsWith('-') ? '' : '\n';
    if (header.startsWith('>')) return out.join(' ').replace(/ {2,}/g, ' ') + keep;
    return out.join('\n') + keep;
  }
}

function isMappingStart(s: string): boolean {
  return /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:"'{}[\],#][^:]*?)\s*:(\s|$)/.test(s);
}

function unquote(s: string): string {
  if (s.startsWith('"')) return JSON.parse(s) as string;
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s.trim();
}

function plainScalar(s: string): YamlValue {
  if (s === 'null' || s === '~') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return Number.parseInt(s.slice(2), 8);
  return s;
}

/** One-line flow values: scalars, "quoted", 'quoted', [a, b], {k: v}. */
class FlowParser {
  i = 0;
  constructor(
    readonly s: string,
    readonly file: string,
    readonly no: number,
    /** The block collections this value sits in. */
    private depth: number,
  ) {}

  /** One level deeper, refused past MAX_YAML_NESTING (flow values nest by recursion too). */
  nested<T>(read: () => T): T {
    if (this.depth >= MAX_YAML_NESTING) this.fail(`collections nest deeper than ${MAX_YAML_NESTING} levels`);
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  fail(msg: string): never {
    throw new InputError(this.file, this.no, msg);
  }

  ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  end(): void {
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected text "${this.s.slice(this.i)}"`);
  }

  value(inFlow = false): YamlValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '[') return this.nested(() => this.seq());
    if (c === '{') return this.nested(() => this.map());
    if (c === '"' || c === "'") return this.quoted();
    const start = this.i;
    const stop = inFlow ? /[,\]}]/ : /$^/;
    while (this.i < this.s.length && !stop.test(this.s[this.i] ?? '')) this.i++;
    const text = this.s.slice(start, this.i).trim();
    if (inFlow && text.includes(': ')) this.fail('nested "key: value" inside a flow collection needs {}');
    return plainScalar(text);
  }

  quoted(): string {
    const q = this.s[this.i];
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (q === '"' && c === '\\') this.i += 2;
      else if (c === q) {
        if (q === "'" && this.s[this.i + 1] === "'") this.i += 2;
        else break;
      } else this.i++;
    }
    if (this.s[this.i] !== q) this.fail('unterminated quoted string');
    this.i++;
    const lit = this.s.slice(start, this.i);
    try {
      return unquote(lit);
    } catch {
      this.fail(`bad escape in ${lit}`);
    }
  }

  seq(): YamlValue[] {
    this.i++;
    const out: YamlValue[] = [];
    LINES.set(out, this.no);
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(true));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return out;
      if (c !== ',') this.fail('expected "," or "]" in a flow sequence (flow collections must fit on one line)');
    }
  }

  map(): { [key: string]: YamlValue } {
    this.i++;
    const out: { [key: string]: YamlValue } = {};
    LINES.set(out, this.no);
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      let key: string;
      if (this.s[this.i] === '"' || this.s[this.i] === "'") key = this.quoted();
      else {
        const start = this.i;
        while (this.i < this.s.length && this.s[this.i] !== ':') this.i++;
        key = this.s.slice(start, this.i).trim();
      }
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":" in a flow mapping');
      this.i++;
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`duplicate key "${key}"`);
      setOwn(out, key, this.value(true));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return out;
      if (c !== ',') this.fail('expected "," or "}" in a flow mapping (flow collections must fit on one line)');
    }
  }
}
