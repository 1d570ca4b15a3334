/**
 * What the report's predict-then-reveal mode asks a student before a step's answer is shown: a
 * call's return value, or a stat's st_nlink (typed), whether a checkpoint or restart succeeds
 * (picked), how many names an assert finds (typed). A step the model did not run as the scenario expected, and a step with
 * no answer of its own (kill, backup, cleanup, a lock-bounded part), is only revealed, not judged.
 */
import type { Frame } from './timeline.js';

export type Question =
  | {
      readonly kind: 'typed';
      readonly prompt: string;
      /** Every accepted answer, as the page normalizes what is typed: trimmed, single-spaced, upper case. */
      readonly accepted: readonly string[];
      readonly shown: string;
    }
  | { readonly kind: 'choice'; readonly prompt: string; readonly choices: readonly string[]; readonly answer: string }
  | { readonly kind: 'open'; readonly prompt: string };

/** The page's normalization of a typed answer (the script in report-predict.ts does the same). */
export const normalizeAnswer = (s: string): string => s.trim().replace(/\s+/g, ' ').toUpperCase();

const OPEN: Question = { kind: 'open', prompt: 'What will this step change? Predict, then reveal.' };

/** A call's answer begins its detail as `= 3` or `= -1 EXDEV (...)` (src/ops/run/render-result.ts). */
function callQuestion(f: Frame, call: string): Question {
  const m = /^= (-?\d+)(?: ([A-Z][A-Z0-9]*))?/.exec(f.detail);
  if (!f.answered || m === null) return OPEN;
  const ret = m[1] ?? '';
  const errno = m[2];
  // A stat's lesson is its link count, not its 0: ask for st_nlink.
  const nlink = errno === undefined ? /, st_nlink (\d+)/.exec(f.detail)?.[1] : undefined;
  if (nlink !== undefined)
    return { kind: 'typed', prompt: `What st_nlink does ${call} report?`, accepted: [nlink], shown: nlink };
  const prompt = `What does ${call} return? (a number, or an errno such as ENOENT)`;
  if (errno === undefined) return { kind: 'typed', prompt, accepted: [ret], shown: ret };
  return { kind: 'typed', prompt, accepted: [`${ret} ${errno}`, errno, `-${errno}`], shown: `${ret} ${errno}` };
}

export function predictQuestion(f: Frame): Question {
  const s = f.step;
  if (!f.ok) return OPEN;
  switch (s.kind) {
    case 'call':
      return callQuestion(f, s.sc.call);
    case 'checkpoint':
    case 'restart':
      return {
        kind: 'choice',
        prompt: `Does the ${s.kind} succeed?`,
        choices: ['succeeds', 'fails'],
        answer: s.expect.ok ? 'succeeds' : 'fails',
      };
    case 'assert': {
      const count = s.count ?? s.names?.length;
      if (count === undefined) return OPEN;
      return {
        kind: 'typed',
        prompt: `How many names does ${s.dir} hold now?`,
        accepted: [`${count}`],
        shown: `${count}`,
      };
    }
    default:
      return OPEN;
  }
}
