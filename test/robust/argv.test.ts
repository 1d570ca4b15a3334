// Command lines as users mistype them: a clear refusal or a documented reading, never a crash.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';

const TRACE = 'traces/examples/unlinked-open.jsonl';

describe('command lines', () => {
  it('a repeated option takes its last value (it crashed with a TypeError when yargs made it an array)', async () => {
    const io = capture();
    expect(await main(['replay', '--fs', 'nosuchfs', '--fs', 'ext4', TRACE], io)).toBe(0);
    expect(await main(['replay', '--fs', 'ext4', '--fs', 'nosuchfs', TRACE], capture())).toBe(2);
  });

  it('a switch given a value other than true or false is bad input, not false', async () => {
    const io = capture();
    expect(await main(['replay', '--strace=maybe', TRACE], io)).toBe(2);
    expect(io.errs).toEqual(['--strace: takes no value but true or false, not "maybe"']);
  });

  it('a switch written --name=true or --name=false is read as such', async () => {
    expect(await main(['replay', '--json=false', TRACE], capture())).toBe(0);
    const io = capture();
    expect(await main(['replay', '--json=true', TRACE], io)).toBe(0);
    expect(() => JSON.parse(io.outs.join('\n')) as unknown).not.toThrow();
  });
});

describe('crosscheck of scenario files', () => {
  it('names a missing scenario before anything about --kernel', async () => {
    const io = capture();
    expect(await main(['crosscheck', '/tmp/relinklab-no-such.yaml'], io)).toBe(2);
    expect(io.errs).toEqual(['/tmp/relinklab-no-such.yaml: cannot read: ENOENT']);
  });
});
