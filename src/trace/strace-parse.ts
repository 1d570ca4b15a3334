/**
 * A parser for `strace -f [-v] [-s N] [-y|-yy] [-t|-tt|-ttt] [-T] -o LOG` output: one event per
 * line (a call, an unfinished call, a resumption, a signal, an exit). Values are parsed by a small
 * recursive-descent reader with no backtracking, so long logs parse in linear time. A line it
 * cannot read is an InputError naming the file, line and column.
 */
import { assertLineLengths } from './limits.js';
import type { StraceEvent } from './strace-ast.js';
import { InputError } from '../model/errors.js';
import { Reader } from './strace-reader.js';

const TIMESTAMP = /^(\d+:\d+:\d+(\.\d+)?|\d+\.\d+)\s+/;

/** Parse one line; null for lines that carry no event (blank, "strace: ..." notes). */
export function parseStraceLine(raw: string, file: string, line: number): StraceEvent | null {
  let s = raw.replace(/\r$/, '');
  if (s.trim() === '') return null;
  let pid = 0;
  const pm = /^(\d+)\s+/.exec(s);
  if (pm !== null) {
    pid = Number(pm[1]);
    s = s.slice(pm[0].length);
  } else if (/^\[pid\s+\d+\]\s/.test(s)) {
    const m = /^\[pid\s+(\d+)\]\s+/.exec(s);
    pid = Number(m?.[1]);
    s = s.slice(m?.[0].length ?? 0);
  }
  const ts = TIMESTAMP.exec(s);
  if (ts !== null) s = s.slice(ts[0].length);
  s = s.replace(/ <\d+\.\d+>$/, ''); // -T
  if (s.startsWith('strace: ') || s.startsWith('???')) return null;
  let m: RegExpExecArray | null;
  if ((m = /^\+\+\+ exited with (-?\d+) \+\+\+$/.exec(s)) !== null) {
    return { kind: 'exited', line, pid, status: Number(m[1]) };
  }
  if ((m = /^\+\+\+ killed by (SIG[A-Z0-9]+)( \(core dumped\))? \+\+\+$/.exec(s)) !== null) {
    return { kind: 'killed', line, pid, signal: m[1] ?? '' };
  }
  if ((m = /^--- (SIG[A-Z0-9]+|[A-Z0-9]+) .*---$/.exec(s)) !== null) {
    return { kind: 'signal', line, pid, signal: m[1] ?? '' };
  }
  // A group-stop: strace's line for a task that a stop signal stopped (resumed by SIGCONT).
  if ((m = /^--- stopped by (SIG[A-Z0-9]+) ---$/.exec(s)) !== null) {
    return { kind: 'signal', line, pid, signal: m[1] ?? '' };
  }
  if ((m = /^<\.\.\. ([A-Za-z0-9_]+) resumed>/.exec(s)) !== null) {
    const r = new Reader(s, file, line);
    r.i = m[0].length;
    const args = r.args(true);
    r.expect(')');
    const ret = r.ret();
    return { kind: 'resumed', line, pid, name: m[1] ?? '', args, ret };
  }
  if ((m = /^([A-Za-z0-9_]+)\(/.exec(s)) !== null) {
    const name = m[1] ?? '';
    const r = new Reader(s, file, line);
    r.i = m[0].length;
    if (s.endsWith('<unfinished ...>')) {
      const args = r.args(false);
      return { kind: 'unfinished', line, pid, name, args };
    }
    const args = r.args(true);
    r.expect(')');
    const ret = r.ret();
    return { kind: 'call', line, pid, name, args, ret };
  }
  throw new InputError(file, line, `not a line of strace output: "${s.slice(0, 60)}"`);
}

/** Parse a whole log. */
export function parseStrace(text: string, file: string): StraceEvent[] {
  const out: StraceEvent[] = [];
  assertLineLengths(text, file);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const e = parseStraceLine(lines[i] ?? '', file, i + 1);
    if (e !== null) out.push(e);
  }
  return out;
}
