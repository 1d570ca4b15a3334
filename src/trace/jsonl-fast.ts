/**
 * A quick reader for the plainest native trace lines, `{"pid":1,"call":"open","args":{...}}`, read
 * straight from the file's text: no JSON.parse, no object per line but the record, no string per
 * key. `JSON.parse` of each line and the checks after it were a third of `relinklab replay`'s time
 * on a long trace (bench/NOTES.md).
 *
 * It takes a line only when it is sure of it and otherwise says so (null), and then the line is
 * read the general way (jsonl.ts), which gives every answer and every refusal: so the quick reader
 * never refuses anything and never decides an error's wording. What it takes: one object with the
 * keys "pid" (a positive integer, may be left out), "call" (a modelled call's name) and "args" (an
 * object of that call's fields, each once: integers without fraction or exponent, or a symbolic
 * value decodeSymbolic reads; bytes as strings), in any order, each once; strings without escapes
 * or control characters; blanks where JSON allows them. Lines with "expect", a header, a comment or
 * anything else go the general way. test/trace/jsonl-fast.test.ts holds the two readers equal,
 * field by field, on every line it takes, valid and broken.
 */
import type { Syscall } from '../model/syscall/syscall.js';
import { asSyscall, type FieldType } from '../model/syscall/fields.js';
import { decodeSymbolic } from './args-values.js';
import type { TraceLine } from './jsonl.js';
import { callFormsOfLength, MAX_FIELDS, type CallForm } from './call-forms.js';
import { shortName } from './short-names.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** The most digits whose integer a double holds exactly (any 15-digit number is below 2^53). */
const MAX_DIGITS = 15;

/** JSON's blanks (a line holds no \n): space, tab, carriage return. */
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d;

/**
 * The reader's position and what it found; one per process, reused line after line (the reader
 * runs once per line of a trace and is not re-entered).
 */
const at = {
  i: 0,
  /** The last string's bounds in the text (its quotes excluded). */
  s: 0,
  e: 0,
  /** The last string's hash (for the short strings' table). */
  h: 0,
};
/** The last integer read (not a field of `at`: an object's field that once held a double holds every number as one). */
let lastInt = 0;
/** The current line's fields, by their index in the call's fields. */
const values: (string | number | undefined)[] = new Array<string | number | undefined>(MAX_FIELDS).fill(undefined);

function skipBlanks(text: string, end: number): void {
  let i = at.i;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  at.i = i;
}

/** A string at at.i without escapes or control characters, bounds in at.s/at.e; false if not one. */
function readString(text: string, end: number): boolean {
  let i = at.i;
  if (i >= end || text.charCodeAt(i) !== QUOTE) return false;
  const s = ++i;
  let h = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      at.s = s;
      at.e = i;
      at.i = i + 1;
      at.h = h;
      return true;
    }
    h = (Math.imul(h, 31) + c) | 0;
    // Escapes and control characters are JSON.parse's to read (or refuse); past latin1 the
    // general reader refuses bytes.
    if (c === BACKSLASH || c < 0x20 || c > 0xff) return false;
  }
  return false;
}

/** An integer at at.i (JSON's: -?(0|[1-9][0-9]*), at most MAX_DIGITS digits) in lastInt; false if not one. */
function readInt(text: string, end: number): boolean {
  let i = at.i;
  const neg = i < end && text.charCodeAt(i) === MINUS;
  if (neg) i++;
  const first = i;
  let n = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    n = n * 10 + (c - ZERO);
  }
  const digits = i - first;
  if (digits === 0 || digits > MAX_DIGITS) return false;
  if (digits > 1 && text.charCodeAt(first) === ZERO) return false;
  // A fraction or an exponent stops here: what follows must be a blank, a comma or a brace.
  // As JSON.parse gives it: a small integer as V8's Smi (a number kept as a double would make the
  // records' fields doubles and the model's lookups by fd slower), -0 as -0.
  lastInt = neg ? (n === 0 ? -0 : -n | 0) : n | 0;
  if (n > 0x3fffffff) lastInt = neg ? -n : n;
  at.i = i;
  return true;
}

/** Whether the last string read spells `word`. */
function stringIs(text: string, word: string): boolean {
  const n = word.length;
  if (at.e - at.s !== n) return false;
  // Character by character: keys are short, and a call of startsWith cost more than the loop.
  for (let j = 0; j < n; j++) if (text.charCodeAt(at.s + j) !== word.charCodeAt(j)) return false;
  return true;
}

/** The modelled call the last string read names, or null. */
function callNamed(text: string): CallForm | null {
  const forms = callFormsOfLength(at.e - at.s);
  if (forms === undefined) return null;
  for (const f of forms) if (stringIs(text, f.name)) return f;
  return null;
}

/** After a member: true at a comma (another member follows), false at the object's end; null if neither. */
function nextMember(text: string, end: number): boolean | null {
  skipBlanks(text, end);
  const c = at.i < end ? text.charCodeAt(at.i) : -1;
  at.i++;
  if (c === COMMA) {
    skipBlanks(text, end);
    return true;
  }
  return c === CLOSE ? false : null;
}

/** A key and its colon at at.i (the key's bounds in at.s/at.e); false if not one. */
function readKey(text: string, end: number): boolean {
  if (!readString(text, end)) return false;
  skipBlanks(text, end);
  if (at.i >= end || text.charCodeAt(at.i) !== COLON) return false;
  at.i++;
  skipBlanks(text, end);
  return true;
}

/** One field's value at at.i, as the general reader would have it; undefined if not sure. */
function fieldValue(text: string, end: number, t: FieldType, asName: boolean): string | number | undefined {
  const c = at.i < end ? text.charCodeAt(at.i) : -1;
  if (t === 'int' || t === 'optint') {
    if (c === QUOTE) {
      if (!readString(text, end)) return undefined;
      return decodeSymbolic(text.slice(at.s, at.e)) ?? undefined;
    }
    return readInt(text, end) ? lastInt : undefined;
  }
  if (!readString(text, end)) return undefined;
  return asName ? shortName(text, at.s, at.e, at.h) : text.slice(at.s, at.e);
}

/** The args object of `form`'s call at at.i, as its Syscall record; null if not sure. */
function readArgs(text: string, end: number, form: CallForm): Syscall | null {
  if (at.i >= end || text.charCodeAt(at.i) !== OPEN) return null;
  at.i++;
  skipBlanks(text, end);
  const { fields, names } = form;
  const count = fields.length;
  for (let k = 0; k < count; k++) values[k] = undefined;
  if (at.i < end && text.charCodeAt(at.i) === CLOSE) at.i++;
  else
    for (let more: boolean | null = true; more;) {
      if (!readKey(text, end)) return null;
      let k = 0;
      while (k < count && !stringIs(text, fields[k][0])) k++;
      // Not a field of the call, or one given twice: the general reader's to refuse or settle.
      if (k === count || values[k] !== undefined) return null;
      const v = fieldValue(text, end, fields[k][1], names[k] === true);
      if (v === undefined) return null;
      values[k] = v;
      more = nextMember(text, end);
      if (more === null) return null;
    }
  // Built as syscallFrom builds it: `call` first, then the fields present in the table's order.
  const call = form.name;
  let all = true;
  for (let k = 0; k < count && all; k++) all = values[k] !== undefined;
  // No asSyscall check here: the literal's fields are typed against the call's record, and the values
  // read above are numbers for integer fields and strings for bytes by construction.
  if (all) return form.literal(values);
  const out: Record<string, string | number> = { call };
  for (let k = 0; k < count; k++) {
    const [name, t] = fields[k];
    const v = values[k];
    if (v !== undefined) out[name] = v;
    else if (t === 'int' || t === 'bytes') return null;
  }
  return asSyscall(call, out);
}

/**
 * The trace line numbered `no` in text[start, end) (no newline inside), when it is of the plain
 * kind above and the general reader would read it to this very record; null otherwise.
 */
export function readPlainLine(text: string, start: number, end: number, no: number): TraceLine | null {
  at.i = start;
  skipBlanks(text, end);
  if (at.i >= end || text.charCodeAt(at.i) !== OPEN) return null;
  at.i++;
  skipBlanks(text, end);
  let pid = 0;
  let call: CallForm | null = null;
  let sc: Syscall | null = null;
  let argsAt = -1;
  for (let more: boolean | null = true; more;) {
    if (!readKey(text, end)) return null;
    if (stringIs(text, 'pid')) {
      if (pid !== 0 || !readInt(text, end) || lastInt <= 0) return null;
      pid = lastInt;
    } else if (stringIs(text, 'call')) {
      if (call !== null || !readString(text, end)) return null;
      call = callNamed(text);
      if (call === null) return null;
    } else if (stringIs(text, 'args')) {
      // The args are read once the call is known; before it, they are skipped to and read after.
      if (argsAt >= 0) return null;
      argsAt = at.i;
      if (call !== null) {
        sc = readArgs(text, end, call);
        if (sc === null) return null;
      } else if (!skipObject(text, end)) return null;
    } else return null;
    more = nextMember(text, end);
    if (more === null) return null;
  }
  skipBlanks(text, end);
  if (at.i !== end || call === null || argsAt < 0) return null;
  if (sc === null) {
    at.i = argsAt;
    sc = readArgs(text, end, call);
    if (sc === null) return null;
  }
  return { line: no, pid: pid === 0 ? 1 : pid, sc, expect: null };
}

/** Past a flat object of strings and integers at at.i (the args, when "call" comes after them). */
function skipObject(text: string, end: number): boolean {
  if (at.i >= end || text.charCodeAt(at.i) !== OPEN) return false;
  at.i++;
  skipBlanks(text, end);
  if (at.i < end && text.charCodeAt(at.i) === CLOSE) {
    at.i++;
    return true;
  }
  for (let more: boolean | null = true; more;) {
    if (!readKey(text, end)) return false;
    if (!(at.i < end && text.charCodeAt(at.i) === QUOTE ? readString(text, end) : readInt(text, end))) return false;
    more = nextMember(text, end);
    if (more === null) return false;
  }
  return true;
}
