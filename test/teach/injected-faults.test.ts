// A fault a scenario injects (fail_after_names, fail_at_call) is labelled as injected wherever the
// step's outcome is told, so that a class does not take it for the kernel's answer.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { explainTimeline } from '../../src/teach/explain.js';
import { buildReport } from '../../src/teach/report.js';
import { capture, scenarioPath, timeline } from './helpers.js';

const CHECKPOINT = 'EIO (injected: fail_after_names 1 fails the checkpoint once it has created 1 name)';
const RESTART = "openat: EIO (injected: fail_at_call 3 fails openat, the restart's call 4, before it runs)";

describe('injected faults', () => {
  it('run labels the failed checkpoint and the failed restart as injected', async () => {
    const io = capture();
    expect(await main(['run', scenarioPath('failed-checkpoint.yaml')], io)).toBe(0);
    expect(io.outs.join('\n')).toContain(`checkpoint [2] (relink) -> ${CHECKPOINT}`);
    expect(io.outs.join('\n')).toContain(`restart from the image -> ${RESTART}`);
  });

  it("explain's headlines label both as injected", () => {
    const heads = explainTimeline(timeline('failed-checkpoint.yaml')).map((s) => s.headline);
    expect(heads).toContain(`checkpoint [2] (relink) → ${CHECKPOINT}; left /ckpt/unlink-at-restart-13-0`);
    expect(heads.some((h) => h.includes(RESTART))).toBe(true);
  });

  it('the report labels both as injected', async () => {
    const html = await buildReport(timeline('failed-checkpoint.yaml'));
    expect(html).toContain('fail_after_names 1 fails the checkpoint');
    expect(html).toContain('fail_at_call 3 fails openat');
  });

  it('a checkpoint that fails on its own is not labelled injected', () => {
    const heads = explainTimeline(timeline('other-mount.yaml')).map((s) => s.headline);
    expect(heads.find((h) => h.startsWith('checkpoint'))).not.toContain('injected');
  });
});
