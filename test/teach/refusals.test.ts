// Every refusal states its reason: a call's errno with the kernel rule that decides it, and a failed
// checkpoint or restart with why, taken from where the model decides the errno.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/scenario/parse.js';
import { explainTimeline } from '../../src/teach/explain.js';
import { buildTimeline } from '../../src/teach/timeline.js';
import { SCENARIO_DIR, timeline } from './helpers.js';

/** Every bundled scenario, in its subfolders too. */
const ALL = execFileSync('find', [SCENARIO_DIR, '-name', '*.yaml'], { encoding: 'utf8' }).trim().split('\n').sort();

describe('refusals', () => {
  it.each(ALL.map((f) => [f.slice(SCENARIO_DIR.length + 1), f]))(
    'every refusal of %s states its reason',
    (_name, file) => {
      const t = buildTimeline(readScenario(file));
      const steps = explainTimeline(t);
      for (const [i, f] of t.frames.entries()) {
        const s = steps[i];
        const errno = f.answered ? /^= -1 (E[A-Z0-9]+)/.exec(f.detail)?.[1] : undefined;
        if (errno !== undefined && f.step.kind === 'call')
          expect(s?.sentences[0], `${file}:${f.step.line}`).toMatch(
            new RegExp(`^${f.step.sc.call} refused with ${errno}: .{20,}`),
          );
        if (f.step.kind === 'checkpoint' && /^E[A-Z]+/.test(f.detail))
          expect(f.detail, `${file}:${f.step.line}`).toMatch(/^E[A-Z]+ \(.{20,}\)/);
        if (f.step.kind === 'restart' && /^\w+: E[A-Z]+/.test(f.detail))
          expect(f.detail, `${file}:${f.step.line}`).toMatch(/^\w+: E[A-Z]+ \(.{20,}\)/);
      }
    },
  );

  it("other-mount's EXDEV says the relink crosses mounts, and the kernel rule that refuses it", () => {
    const ck = explainTimeline(timeline('other-mount.yaml')).find((s) => s.what.startsWith('checkpoint'));
    expect(ck?.result).toContain(
      'EXDEV (the relink, linkat(fd, "", relink_dir, AT_EMPTY_PATH) was refused: oldpath and newpath are not on the same mounted filesystem',
    );
    expect(ck?.headline).toContain("do_linkat compares the two paths' vfsmounts");
  });

  it('a refused link call is told with its rule, as the first sentence of its step', () => {
    const t = buildTimeline(readScenario(join(SCENARIO_DIR, 'vfs', 'law-premises.yaml')));
    const link = explainTimeline(t).find((s) => s.title.includes('link(') && s.result.includes('EXDEV'));
    expect(link?.sentences[0]).toMatch(
      /^link refused with EXDEV: oldpath and newpath are not on the same mounted filesystem/,
    );
  });

  it('a restart refused by a call says which rule refused it', () => {
    const r = explainTimeline(timeline('relink-dir-removed.yaml')).find((s) => s.what.startsWith('restart'));
    expect(r?.result).toMatch(/^openat: ENOENT \(a name on the path does not exist/);
  });
});
