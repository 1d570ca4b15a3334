// The CRIU guest's console is a serial line other writers share: the kernel's printk and the init's
// echo can interleave mid-line. A line the reader cannot take apart is the guest's failure, named
// with its trace and its text; it never escapes as an exception of JSON.parse, and never passes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCriuConsole } from '../../src/crosscheck/criu-console.js';
import { judgeCriuBatch, planCriuRuns } from '../../src/crosscheck/criu-run.js';
import { GuestError } from '../../src/model/errors.js';
import { readScenario } from '../../src/scenario/parse.js';
import { REPO } from '../helpers/criu-recorded.js';

const head = 'RLX-CRIU-BOOTED 6.1.0-57-amd64\nRLX-CRIU-SC check ok\nRLX-CRIU-SC 1 start 4096\n';
const answer = (json: string): string => `RLX-CRIU-SC 1 answer ${json}\n`;

describe("a corrupted line of the CRIU guest's console", () => {
  it('a kernel message (with its printk time) cutting an answer in two leaves the answer and the lines after', () => {
    // printk's record, newline included, went out while the tty was sending the guest's line.
    const out = `${head}RLX-CRIU-SC 1 answer {"line":1,"re[   47.957153] reboot: Restarting system\nt":0}\nRLX-CRIU-SC 1 end\n`;
    const t = parseCriuConsole(out, 1).traces[0];
    expect(t?.answers).toEqual([{ line: 1, ret: 0 }]);
    expect(t).toMatchObject({ garbled: [], ended: true });
  });

  it("a kernel message after an answer's text, before its newline, leaves the answer", () => {
    const out = `${head}RLX-CRIU-SC 1 answer {"line":1,"ret":0}[   12.345678] x: y\n\nRLX-CRIU-SC 1 end\n`;
    const t = parseCriuConsole(out, 1).traces[0];
    expect(t?.answers).toEqual([{ line: 1, ret: 0 }]);
    expect(t).toMatchObject({ garbled: [], ended: true });
  });

  it('a guest line that lost its newline is two lines: the second marker starts the next one', () => {
    const out = `${head}RLX-CRIU-SC 1 answer {"line":1,"ret":0}RLX-CRIU-SC 1 answer {"line":2,"ret":3}\n`;
    const t = parseCriuConsole(out, 1).traces[0];
    expect(t?.answers).toEqual([
      { line: 1, ret: 0 },
      { line: 2, ret: 3 },
    ]);
  });

  it("the serial line's carriage returns are not part of an answer", () => {
    const t = parseCriuConsole(`${head}${answer('{"line":1,"ret":0}\r')}`, 1).traces[0];
    expect(t?.answers).toEqual([{ line: 1, ret: 0 }]);
  });

  it('an answer followed by text nobody can name is not read: it is kept as garbled, not thrown', () => {
    const line = 'RLX-CRIU-SC 1 answer {"line":1,"ret":0}xyz';
    const t = parseCriuConsole(`${head}${line}\n`, 1).traces[0];
    expect(t?.answers).toEqual([]);
    expect(t?.garbled).toEqual([line]);
  });

  it('an answer whose rest, after a kernel message, does not complete it is garbled', () => {
    const out = `${head}RLX-CRIU-SC 1 answer {"line":1,"re[   12.3] x: y\nzz\n`;
    expect(parseCriuConsole(out, 1).traces[0]?.garbled).toEqual(['RLX-CRIU-SC 1 answer {"line":1,"rezz']);
  });

  it("judging a batch with a garbled line is the guest's failure, naming the trace and the line", () => {
    const plan = planCriuRuns([readScenario(join(REPO, 'scenarios/orphan.yaml'))], ['debian']);
    const batch = plan.batches[0];
    if (batch === undefined) throw new Error('no batch');
    const out = `${head}${answer('{"line":1,"ret":0}xyz')}RLX-CRIU-SC 1 end\nRLX-CRIU-SC 2 start 4096\nRLX-CRIU-SC-DONE\n`;
    expect(() => judgeCriuBatch(batch, out)).toThrow(GuestError);
    expect(() => judgeCriuBatch(batch, out)).toThrow(
      /trace 1 \(\S*scenarios\/orphan\.yaml, copy\).*could not be read: RLX-CRIU-SC 1 answer \{"line":1,"ret":0\}xyz/,
    );
  });

  it("a dumped task still there when criu restore was due is the guest's failure, naming its pid", () => {
    const plan = planCriuRuns([readScenario(join(REPO, 'scenarios/orphan.yaml'))], ['debian']);
    const batch = plan.batches[0];
    if (batch === undefined) throw new Error('no batch');
    const out = `${head}RLX-CRIU-SC 1 stale 1248\nRLX-CRIU-SC 1 end\nRLX-CRIU-SC 2 start 4096\nRLX-CRIU-SC-DONE\n`;
    expect(parseCriuConsole(out, 2).traces[0]?.stale).toEqual([1248]);
    expect(() => judgeCriuBatch(batch, out)).toThrow(/trace 1 \(\S*scenarios\/orphan\.yaml, copy\).*1248/);
  });
});
