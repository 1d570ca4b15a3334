/**
 * The sentence a refused call's narration begins with: the errno and the kernel rule that decides
 * it (src/ops/run/refusals.ts), so a class sees why, not only that, a call failed.
 */
import { isErrno } from '../model/errno.js';
import { refusalReason } from '../ops/run/refusals.js';
import type { Frame } from './timeline.js';

/** "linkat refused with EXDEV: ..." for a call step that answered an errno; null otherwise. */
export function refusalSentence(f: Frame): string | null {
  const sc = f.step.kind === 'call' || f.step.kind === 'split' ? f.step.sc : null;
  if (sc === null || !f.answered) return null;
  const errno = /^= -1 (E[A-Z0-9]+)\b/.exec(f.detail)?.[1];
  if (errno === undefined || !isErrno(errno)) return null;
  const rule = refusalReason(sc.call, errno);
  return rule === null ? null : `${sc.call} refused with ${errno}: ${rule}.`;
}
