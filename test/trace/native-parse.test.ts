/**
 * Reading a native trace (docs/trace-format.md): every check the reader makes refuses bad input
 * with one line naming the file and the line, and the lines are numbered as the file has them
 * (blank lines, comments and CRLF endings included).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../../src/trace/jsonl.js';

const HEADER = '{"relinklab":1,"kernel":"mainline","fs":"ext4"}';

/** The one line parseJsonl refuses `body` with, as the trace's second line (after a header). */
function refusal(body: string): string {
  try {
    parseJsonl(`${HEADER}\n${body}\n`, 't.jsonl');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted: ${body}`);
}

describe('native trace lines', () => {
  it('read a call with numbers, symbolic values, bytes and an optional integer left out', () => {
    const t = parseJsonl(
      `${HEADER}\n{"pid":2,"call":"openat","args":{"dirfd":"AT_FDCWD","path":"/a\\u00ff","flags":"O_RDWR|O_CREAT","mode":"0644"},"expect":{"ret":3}}\n`,
      't.jsonl',
    );
    expect(t.lines).toEqual([
      {
        line: 2,
        pid: 2,
        sc: { call: 'openat', dirfd: -100, path: '/a\u00ff', flags: 0o102, mode: 0o644 },
        expect: { ret: 3 },
      },
    ]);
  });

  it('are numbered as the file has them, past blank lines, comments and CRLF endings', () => {
    const t = parseJsonl(`${HEADER}\r\n\r\n# a comment\n  \n{"call":"close","args":{"fd":3}}\r\n`, 't.jsonl');
    expect(t.lines.map((l) => [l.line, l.pid, l.sc])).toEqual([[5, 1, { call: 'close', fd: 3 }]]);
    expect(() => parseJsonl(`\n# c\r\n{"call":"close"}`, 'c.jsonl')).toThrow(/^c\.jsonl:3: close needs "fd"$/);
  });
});

describe('a bad native trace line is refused with one line naming file and line', () => {
  it.each([
    ['not JSON', '{"call":', /^t\.jsonl:2: not JSON: /],
    ['not an object', '[1]', /^t\.jsonl:2: each line must be a JSON object$/],
    ['an unknown field', '{"call":"close","args":{"fd":3},"ret":0}', /^t\.jsonl:2: unknown field "ret"$/],
    [
      'a pid that is not a positive integer',
      '{"pid":0,"call":"close","args":{"fd":3}}',
      /"pid" must be a positive integer$/,
    ],
    ['a call that is not a string', '{"call":3}', /^t\.jsonl:2: "call" must be a string$/],
    ['an unknown call', '{"call":"frobnicate"}', /^t\.jsonl:2: unknown call "frobnicate" \(known: /],
    ['args that are not an object', '{"call":"close","args":[3]}', /^t\.jsonl:2: "args" must be an object$/],
    [
      'an argument the call does not have',
      '{"call":"close","args":{"fd":3,"flags":0}}',
      /close has no argument "flags"$/,
    ],
    [
      'an argument named after an Object member',
      '{"call":"close","args":{"fd":3,"constructor":0}}',
      /close has no argument "constructor"$/,
    ],
    [
      'an argument named __proto__',
      '{"call":"close","args":{"fd":3,"__proto__":0}}',
      /close has no argument "__proto__"$/,
    ],
    ['a missing integer', '{"call":"close","args":{}}', /^t\.jsonl:2: close needs "fd"$/],
    [
      'an integer of the wrong type',
      '{"call":"close","args":{"fd":true}}',
      /close\.fd: expected an integer or a symbolic value$/,
    ],
    [
      'a fraction for an integer',
      '{"call":"close","args":{"fd":3.5}}',
      /close\.fd: expected an integer or a symbolic value$/,
    ],
    [
      'an unreadable symbolic value',
      '{"call":"close","args":{"fd":"O_BOGUS"}}',
      /close\.fd: cannot read "O_BOGUS" as a number or flags$/,
    ],
    [
      'bytes that are not a string',
      '{"call":"unlink","args":{"path":7}}',
      /^t\.jsonl:2: unlink\.path must be a string$/,
    ],
    ['bytes beyond latin1', '{"call":"unlink","args":{"path":"/\\u0100"}}', /unlink\.path: bytes are latin1/],
    [
      'bytes beyond latin1 (a surrogate pair)',
      '{"call":"unlink","args":{"path":"/\\ud83d\\ude00"}}',
      /unlink\.path: bytes are latin1/,
    ],
    [
      'an optional integer of the wrong type',
      '{"call":"clone","args":{"flags":17,"child":"x"}}',
      /clone\.child: cannot read "x"/,
    ],
    [
      'an expectation that is not an object',
      '{"call":"close","args":{"fd":3},"expect":1}',
      /"expect" must be an object$/,
    ],
    ['an unknown expectation', '{"call":"close","args":{"fd":3},"expect":{"rc":0}}', /expect has no field "rc"$/],
    [
      'an expected number of the wrong type',
      '{"call":"close","args":{"fd":3},"expect":{"ret":"x"}}',
      /expect\.ret: cannot read "x"/,
    ],
    [
      'an unknown errno',
      '{"call":"close","args":{"fd":3},"expect":{"errno":"EWHAT"}}',
      /expect\.errno: unknown errno "EWHAT"$/,
    ],
    [
      'an inode number stated',
      '{"call":"close","args":{"fd":3},"expect":{"st_ino":5}}',
      /expect\.st_ino: the model numbers its own/,
    ],
  ])('%s', (_what, body, message) => {
    expect(refusal(body)).toMatch(message);
    expect(refusal(body)).not.toContain('\n');
  });

  it('a header after a call', () => {
    expect(refusal(`{"call":"close","args":{"fd":3}}\n${HEADER}`)).toBe('t.jsonl:3: the header must be the first line');
  });

  it('an unknown kernel or file system in the header', () => {
    expect(() => parseJsonl('{"relinklab":1,"kernel":"nope"}', 'h.jsonl')).toThrow(
      /^h\.jsonl:1: unknown kernel "nope"$/,
    );
    expect(() => parseJsonl('{"relinklab":1,"fs":"fat"}', 'h.jsonl')).toThrow(
      /^h\.jsonl:1: unknown file system "fat"$/,
    );
  });
});
