// A scenario's `note:` fields are the author's words for the class: explain and report show them, as run does.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildReport } from '../../src/teach/report.js';
import { capture, scenarioPath, timeline } from './helpers.js';

describe('notes', () => {
  it("explain prints a step's note under its headline", async () => {
    const io = capture();
    await main(['explain', scenarioPath('failed-checkpoint.yaml'), '--step', '9'], io);
    expect(io.outs).toContain('   note: one relinked name is left behind');
  });

  it("explain --json carries each step's note, null for a step without one", async () => {
    const io = capture();
    await main(['explain', scenarioPath('failed-checkpoint.yaml'), '--json'], io);
    const r = JSON.parse(io.outs.join('')) as { steps: { step: number; note: string | null }[] };
    expect(r.steps.find((s) => s.step === 9)?.note).toBe('one relinked name is left behind');
    expect(r.steps.find((s) => s.step === 1)?.note).toBeNull();
  });

  it("the report shows a step's note in that step's panel", async () => {
    const html = await buildReport(timeline('failed-checkpoint.yaml'));
    const panel = html.slice(html.indexOf('id="step-9"'), html.indexOf('id="step-10"'));
    expect(panel).toContain('<p class="note">Note: one relinked name is left behind</p>');
  });
});
