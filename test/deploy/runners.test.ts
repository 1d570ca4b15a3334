// The runners of deploy/: GNU parallel runs a whole distributed search on this machine and gives
// the single run's answer; the Slurm and Kubernetes drivers, in a dry run, submit what the
// search needs (a job array or an indexed Job per level, in order, on a shared directory).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exhaustive } from '../../src/checker/search/explore.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-deploy-'));

function gnuParallel(): boolean {
  const r = spawnSync('parallel', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.startsWith('GNU parallel');
}

describe('deploy/parallel/run.sh', () => {
  it('gives the single run’s answer with 4 partitions at depth 4 (the bin/relinklab build)', () => {
    expect(gnuParallel(), 'GNU parallel is missing: scripts/install-deps.sh dist').toBe(true);
    const out = execFileSync('deploy/parallel/run.sh', [join(tmp, 'p4'), '4', '4', 'relink', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, JOBS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const got = JSON.parse(out) as Record<string, unknown>;
    const one = exhaustive('relink', 4);
    expect(got).toMatchObject({
      partitions: 4,
      states: one.distinctStates,
      transitions: one.transitions,
      statesPerLevel: one.statesPerLevel,
      queue: one.queue,
      depth: one.depth,
      counterexample: null,
    });
  }, 120_000);

  it('exits with collect’s status 1 and its counterexample for a seeded bug', () => {
    const r = spawnSync('deploy/parallel/run.sh', [join(tmp, 'bug'), '2', '2', 'unlink-orphan-before-drop', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, JOBS: '2' },
    });
    expect(r.status).toBe(1);
    const one = exhaustive('unlink-orphan-before-drop', 2);
    const got = JSON.parse(r.stdout) as { counterexample: { ops: { label: string }[] } };
    expect(got.counterexample.ops.map((o) => o.label)).toEqual(one.counterexample?.ops.map((o) => o.label));
  }, 120_000);
});

/** The lines a driver prints in a dry run. */
function dryRun(script: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(script, ['--dry-run', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('deploy/slurm/submit.sh, dry run', () => {
  const lines = dryRun('deploy/slurm/submit.sh', ['/shared/d6', '6', '8', 'relink-keeps-orphan'], {
    SBATCH_OPTS: '--partition=long',
  })
    .trimEnd()
    .split('\n');
  const levels = lines.filter((l) => l.includes('level.sbatch'));

  it('initialises the directory first', () => {
    expect(lines[0]).toBe('relinklab dist init /shared/d6 --depth 6 --partitions 8 --kernel relink-keeps-orphan');
  });

  it('submits one job array of 8 tasks per level, levels 0 to 6 in order', () => {
    expect(levels).toHaveLength(7);
    levels.forEach((l, level) => {
      expect(l).toContain('--array=0-7');
      expect(l).toMatch(new RegExp(`level\\.sbatch /shared/d6 ${level}$`));
      expect(l).toContain('--partition=long');
    });
  });

  it('makes each level wait for the whole array before it, and the first for none', () => {
    expect(levels[0]).not.toContain('--dependency');
    for (let level = 1; level < 7; level++)
      expect(levels[level]).toContain(`--dependency=afterok:JOBID_L${level - 1} `);
  });

  it('collects after the last level, writing the counterexample in the directory', () => {
    const last = lines.at(-1) ?? '';
    expect(last).toContain('--dependency=afterok:JOBID_L6 ');
    expect(last).toContain('--wrap relinklab\\ dist\\ collect\\ /shared/d6\\ --out\\ /shared/d6/counterexample.yaml');
    expect(lines).toHaveLength(9);
  });

  it('runs each array task as its partition', () => {
    const script = execFileSync('cat', ['deploy/slurm/level.sbatch'], { encoding: 'utf8' });
    expect(script).toContain('dist level "$1" --level "$2" --partition "$SLURM_ARRAY_TASK_ID"');
  });
});

describe('deploy/k8s/driver.sh, dry run', () => {
  const text = dryRun('deploy/k8s/driver.sh', ['d5', '5', '4', 'relink'], { IMAGE: 'registry.example/relinklab:1' });
  const manifests = [...text.matchAll(/<<'MANIFEST'\n([\s\S]*?)\nMANIFEST/g)].map((m) => m[1] ?? '');
  const jobName = (m: string): string => /^ {2}name: (\S+)$/m.exec(m)?.[1] ?? '';

  it('applies an init Job, one Job per level 0 to 5 in order, then a collect Job', () => {
    expect(manifests.map(jobName)).toEqual([
      'relinklab-d5-init',
      ...[0, 1, 2, 3, 4, 5].map((l) => `relinklab-d5-level-${l}`),
      'relinklab-d5-collect',
    ]);
  });

  it('runs each level as an indexed Job of 4 completions, each pod its index’s partition', () => {
    for (const m of manifests.filter((x) => jobName(x).includes('-level-'))) {
      expect(m).toContain('completionMode: Indexed');
      expect(m).toContain('completions: 4');
      expect(m).toContain('--partition "$JOB_COMPLETION_INDEX"');
      expect(m).toContain('image: registry.example/relinklab:1');
    }
  });

  it('mounts the one shared claim at /search in every Job', () => {
    for (const m of manifests) {
      expect(m).toContain('mountPath: /search');
      expect(m).toContain('persistentVolumeClaim: { claimName: relinklab-search }');
    }
  });

  it('waits for each Job to complete before applying the next', () => {
    const steps = text.split('\n').filter((l) => l.startsWith('kubectl '));
    const names = manifests.map(jobName);
    expect(steps).toEqual([
      ...names.flatMap((n) => [
        "kubectl apply -f - <<'MANIFEST'",
        `kubectl wait --for=condition=complete --timeout=24h job/${n}`,
      ]),
      'kubectl logs job/relinklab-d5-collect',
    ]);
  });

  it('refuses a search name that is no DNS label', () => {
    const r = spawnSync('deploy/k8s/driver.sh', ['--dry-run', 'D_5', '5', '4'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('must be a DNS label');
  });
});
