/**
 * The quick reader of plain native trace lines (src/trace/jsonl-fast.ts) reads every line it takes
 * to the very record the general reader (JSON.parse and its checks) makes, field by field and in
 * the same order, and leaves every other line to it: so a trace read either way gives the same
 * lines, or the same one-line refusal naming file and line.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readPlainLine } from '../../src/trace/jsonl-fast.js';
import { parseJsonl, readTrace, type Trace } from '../../src/trace/jsonl.js';
import { generateTrace } from '../../bench/trace-gen.js';
import { capture } from '../helpers/io.js';

const HEADER = '{"relinklab":1,"kernel":"mainline","fs":"ext4"}';

/** A trace as text, -0 told from 0 (JSON.stringify keeps the fields' order). */
const shown = (t: Trace): string => JSON.stringify(t, (_k, v: unknown) => (Object.is(v, -0) ? '-0 (minus zero)' : v));

/** What reading `text` gives: the trace, or the refusal's message. */
function readWith(text: string, quick: boolean): string {
  try {
    return shown(quick ? parseJsonl(text, 't.jsonl') : readTrace(text, 't.jsonl', null));
  } catch (e) {
    return `refused: ${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** Whether the quick reader takes `line` at all (the rest go the general way). */
const taken = (line: string): boolean => readPlainLine(line, 0, line.length, 1) !== null;

describe('the quick trace line reader', () => {
  it('reads the replay bench workload to the records the general reader makes, and takes every call line', () => {
    const text = generateTrace(3000, 20110228);
    expect(readWith(text, true)).toBe(readWith(text, false));
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines.slice(1).every(taken)).toBe(true);
    expect(taken(lines[0] as string)).toBe(false); // the header goes the general way
  });

  it('keeps the general reader numbers exactly: -0, the largest it takes, symbolic values', () => {
    const lines = [
      '{"pid":1,"call":"lseek","args":{"fd":-0,"offset":999999999999999,"whence":"SEEK_SET"}}',
      '{"pid":2,"call":"lseek","args":{"fd":3,"offset":-1073741824,"whence":0}}',
      '{"call":"open","args":{"path":"/a","flags":"O_RDWR|O_CREAT","mode":"0644"}}',
      ' \t{ "args" : { "mode" : 420 , "path" : "/b/c" , "flags" : 66 } , "call" : "open" , "pid" : 7 }\r',
    ];
    for (const l of lines) expect(taken(l), l).toBe(true);
    const text = `${HEADER}\n${lines.join('\n')}\n`;
    expect(readWith(text, true)).toBe(readWith(text, false));
    expect(Object.is((parseJsonl(text, 't').lines[0]?.sc as { fd: number }).fd, -0)).toBe(true);
  });

  it('leaves to the general reader what it is not sure of', () => {
    const unsure = [
      '{"pid":1,"call":"close","args":{"fd":3},"expect":{"ret":0}}', // an expectation
      '{"pid":1,"call":"write","args":{"fd":3,"data":"a\\nb"}}', // an escape
      '{"pid":1,"call":"close","args":{"fd":3.0}}', // a fraction
      '{"pid":1,"call":"close","args":{"fd":1e2}}', // an exponent
      '{"pid":1,"call":"close","args":{"fd":1234567890123456}}', // 16 digits
      '{"pid":1,"call":"close","args":{"fd":3,"fd":4}}', // a field twice
      '{"pid":1,"pid":2,"call":"close","args":{"fd":3}}', // a key twice
      '{"pid":0,"call":"close","args":{"fd":3}}',
      '{"pid":1,"call":"close"}',
      '{"pid":1,"call":"close","args":{}}', // a field missing
      '{"pid":1,"call":"close","args":null}',
      '{"pid":1,"call":"frobnicate","args":{}}',
      '{"pid":1,"call":"close","args":{"fd":3}} x',
      '{"pid":1,"call":"open","args":{"path":"/\u0100","flags":0,"mode":0}}',
      '\u00a0{"pid":1,"call":"close","args":{"fd":3}}',
    ];
    for (const l of unsure) expect(taken(l), l).toBe(false);
  });

  it('gives the general reader answer on fuzzed lines, valid and broken, taking many of them', () => {
    const token = fc.constantFrom(
      '"pid"',
      '"call"',
      '"args"',
      '"expect"',
      '"fd"',
      '"path"',
      '"flags"',
      '"mode"',
      '"data"',
      '"oldpath"',
      '"newpath"',
      '"open"',
      '"close"',
      '"write"',
      '"rename"',
      '"/d0/f1"',
      '"O_RDWR|O_CREAT"',
      '"0644"',
      '"AT_FDCWD"',
      '"x\\u0041"',
      '"\u00e9"',
      '"\u0100"',
      '"\t"',
      '1',
      '0',
      '-0',
      '-3',
      '01',
      '2.5',
      '1e3',
      '123456789012345',
      '1234567890123456',
      'true',
      'null',
      '[]',
      '{',
      '}',
      ':',
      ',',
      ' ',
      '\t',
      '\r',
      '\u000b',
    );
    const mutated = fc.tuple(fc.array(token, { maxLength: 40 }), fc.string({ maxLength: 4 }));
    const plain = fc
      .record({
        pid: fc.option(fc.integer({ min: -2, max: 40 }), { nil: undefined }),
        fd: fc.oneof(fc.integer({ min: -5, max: 1 << 20 }), fc.constantFrom('"AT_FDCWD"', '"3"', '"0x10"', '"nope"')),
        data: fc.string({ maxLength: 14 }),
        order: fc.boolean(),
      })
      .map(({ pid, fd, data, order }) => {
        const args = `"args":{"fd":${fd},"data":${JSON.stringify(data)}}`;
        const parts = [...(pid === undefined ? [] : [`"pid":${pid}`]), '"call":"write"', args];
        return `{${(order ? parts.reverse() : parts).join(',')}}`;
      });
    let quick = 0;
    let lines = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            plain,
            mutated.map(([ts, tail]) => `{${ts.join('')}}${tail}`),
            fc
              .tuple(plain, fc.nat(60), fc.string({ maxLength: 2 }))
              .map(([l, at, s]) => l.slice(0, at) + s + l.slice(at + s.length)),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (body) => {
          lines += body.length;
          quick += body.filter(taken).length;
          const text = `${HEADER}\n${body.join('\n')}\n`;
          expect(readWith(text, true)).toBe(readWith(text, false));
        },
      ),
      { numRuns: 3000, seed: 16 },
    );
    // Not a vacuous agreement: the quick reader took a good share of the lines.
    expect(quick).toBeGreaterThan(lines / 5);
  });

  it('leaves a header after a call to the general reader, which refuses it at its line', () => {
    const text = `{"pid":1,"call":"close","args":{"fd":3}}\n${HEADER}\n`;
    expect(readWith(text, true)).toBe('refused: InputError: t.jsonl:2: the header must be the first line');
    expect(readWith(text, false)).toBe(readWith(text, true));
  });
});

describe('relinklab replay of a trace whose bad line follows plain ones', () => {
  it('exits 2 with one line naming the file and the bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relinklab-quick-'));
    const t = join(dir, 'bad.jsonl');
    writeFileSync(
      t,
      `${HEADER}\n{"pid":1,"call":"mkdir","args":{"path":"/d","mode":493}}\n{"pid":1,"call":"close","args":{"fd":01}}\n`,
    );
    const io = capture();
    expect(await main(['replay', t], io)).toBe(2);
    expect(io.errs.join('\n')).toMatch(new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not JSON: `));
  });
});
