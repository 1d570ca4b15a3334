/**
 * utimensat's times as records hold them (src/model/syscall/timespecs.ts), decoded from strace
 * and rendered back: every utimensat line of the credential corpus logs is compared with its own
 * text, and the dates strace comments with are checked against glibc 2.36's localtime and
 * strftime on this machine (UTC), edge years included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCall } from '../../src/model/syscall/render.js';
import {
  straceTime,
  timespec,
  timespecsBytes,
  timespecsOf,
  timespecsText,
  UTIME_NOW,
  UTIME_OMIT,
} from '../../src/model/syscall/timespecs.js';
import { toSyscall } from '../../src/trace/args.js';
import { parseStraceLine } from '../../src/trace/strace-parse.js';

const CREDS = join(import.meta.dirname, '..', 'corpus', 'programs', 'creds');

describe('the bytes of a pair of times', () => {
  it('no bytes are NULL; 32 bytes are a pair; fewer cannot be read whole', () => {
    const pair = [timespec(1e9, 5), timespec(-1n, -1n)] as const;
    const bytes = timespecsBytes(pair);
    expect(bytes).toHaveLength(32);
    expect(timespecsOf(bytes)).toEqual(pair);
    expect(timespecsOf('')).toBeNull();
    expect(timespecsOf(bytes.slice(0, 31))).toBe('unreadable');
  });

  it('holds 64-bit values exactly, past 2^53', () => {
    const big = timespec(2n ** 63n - 1n, -(2n ** 63n));
    expect(timespecsOf(timespecsBytes([big, big]))).toEqual([big, big]);
  });
});

describe('strace printing', () => {
  it('prints UTIME_NOW and UTIME_OMIT by name, whatever their tv_sec', () => {
    const bytes = timespecsBytes([timespec(7, UTIME_NOW), timespec(0, UTIME_OMIT)]);
    expect(timespecsText(bytes)).toBe('[UTIME_NOW, UTIME_OMIT]');
  });

  it('prints tv_nsec unsigned, with no date for an invalid one or for 0 and 0', () => {
    const bytes = timespecsBytes([timespec(0, -1), timespec(0, 0)]);
    expect(timespecsText(bytes)).toBe('[{tv_sec=0, tv_nsec=18446744073709551615}, {tv_sec=0, tv_nsec=0}]');
  });

  it('comments a time with its UTC date, nanoseconds when there are some', () => {
    const bytes = timespecsBytes([timespec(1e9, 0), timespec(-1, 5)]);
    expect(timespecsText(bytes)).toBe(
      '[{tv_sec=1000000000, tv_nsec=0} /* 2001-09-09T01:46:40+0000 */, ' +
        '{tv_sec=-1, tv_nsec=5} /* 1969-12-31T23:59:59.000000005+0000 */]',
    );
  });

  it("prints years as glibc's %F does: unpadded, signed, wrapping at tm_year's int limit", () => {
    expect(straceTime(-62135596800n, 0n)).toBe('1-01-01T00:00:00+0000');
    expect(straceTime(-62167219201n, 0n)).toBe('-1-12-31T23:59:59+0000');
    expect(straceTime(253402300800n, 0n)).toBe('10000-01-01T00:00:00+0000');
    expect(straceTime(67768036191676799n, 0n)).toBe('-2147481749-12-31T23:59:59+0000');
    expect(straceTime(-67768040609740800n, 0n)).toBe('-2147481748-01-01T00:00:00+0000');
  });

  it('gives no date where localtime fails: tm_year past an int', () => {
    expect(straceTime(67768036191676800n, 0n)).toBeNull();
    expect(straceTime(-67768040609740801n, 0n)).toBeNull();
  });
});

/** `name(args)` as a log line prints it, without the pid and the result. */
const printed = (raw: string): string | null => /^\d+ +(utimensat\(.*\))\s+= [^=]*$/.exec(raw)?.[1] ?? null;

describe('decoded from strace and rendered back', () => {
  for (const log of ['times.log', 'times-forms.log']) {
    it(`gives every utimensat of ${log} as strace printed it`, () => {
      const lines = readFileSync(join(CREDS, log), 'latin1').split('\n');
      let compared = 0;
      let undecoded = 0;
      lines.forEach((raw, i) => {
        const text = printed(raw);
        const ev = parseStraceLine(raw, log, i + 1);
        if (text === null || ev === null || ev.kind !== 'call') return;
        const sc = toSyscall(ev.name, ev.args, null);
        if (sc === null) {
          // Only an address strace printed for a pair it could not read.
          expect(text).toMatch(/, 0x[0-9a-f]+, /);
          undecoded++;
          return;
        }
        expect(`${log}:${i + 1}: ${renderCall(sc)}`).toBe(`${log}:${i + 1}: ${text}`);
        compared++;
      });
      expect(compared).toBeGreaterThan(10);
      expect(undecoded).toBeLessThanOrEqual(1);
    });
  }
});
