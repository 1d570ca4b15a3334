/**
 * A cross-check difference as a person reads it: the call as strace prints it, then the kernel's
 * answer and the model's, each as the result ends strace's line (` = 0`, ` = -1 ENOENT`) with
 * the outputs that came with it.
 */
import { renderCall } from '../model/syscall/render.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { renderAnswer } from '../ops/run/render-result.js';
import type { Answer } from './host.js';

/** `unlink("/a"): kernel = 0; model = -1 ENOENT`. */
export const differenceText = (call: Syscall, kernel: Answer, model: Answer): string =>
  `${renderCall(call)}: kernel${renderAnswer(kernel)}; model${renderAnswer(model)}`;
