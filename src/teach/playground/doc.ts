/**
 * The playground's document: a scenario file cut into its header (name, kernel, fs, focus, ...)
 * and its steps, each step the text a scenario file gives it (`{pid: 2, call: unlink, args:
 * {path: /log}}`). Joined again it is a scenario that `relinklab run` accepts, and the scenario
 * parser (src/scenario/parse-text.ts) is what reads it: the playground has no syntax of its own.
 */

export interface PlaygroundDoc {
  /** Every line of the file outside its `steps:` list. */
  readonly header: string;
  readonly steps: readonly string[];
}

export const EMPTY_HEADER = 'name: playground\nkernel: relink\nfs: ext4\n';

const ITEM = /^(\s*)- (.*)$/;

/** A scenario file's text as header and steps; a step written over several lines keeps them. */
export function splitScenarioText(text: string): PlaygroundDoc {
  const header: string[] = [];
  const steps: string[][] = [];
  let inSteps = false;
  let itemIndent = -1;
  for (const line of text.split('\n')) {
    if (!inSteps) {
      if (/^steps\s*:\s*$/.test(line)) inSteps = true;
      else header.push(line);
      continue;
    }
    const item = ITEM.exec(line);
    const indent = line.length - line.trimStart().length;
    if (item !== null && (itemIndent < 0 || indent === itemIndent)) {
      itemIndent = indent;
      steps.push([item[2] ?? '']);
    } else if (line.trim() === '' || line.trimStart().startsWith('#')) {
      continue;
    } else if (indent > itemIndent && steps.length > 0) {
      steps[steps.length - 1]?.push(line.slice(itemIndent + 2));
    } else {
      inSteps = false;
      header.push(line);
    }
  }
  return { header: `${header.join('\n').trimEnd()}\n`, steps: steps.map((s) => s.join('\n')) };
}

/** The line of the joined text on which step i (0-based) begins. */
export function stepLines(doc: PlaygroundDoc, count: number = doc.steps.length): number[] {
  const lines: number[] = [];
  let at = doc.header.split('\n').length + 1;
  for (const s of doc.steps.slice(0, count)) {
    lines.push(at);
    at += s.split('\n').length;
  }
  return lines;
}

/** The first `count` steps as a scenario file. */
export function scenarioText(doc: PlaygroundDoc, count: number = doc.steps.length): string {
  const items = doc.steps.slice(0, count).map((s) => `  - ${s.split('\n').join('\n    ')}`);
  return `${doc.header.trimEnd()}\nsteps:\n${items.join('\n')}\n`;
}

/** A state as the part of a URL after `#`: the steps shown and the document, both readable. */
export function encodeState(doc: PlaygroundDoc, at: number): string {
  return `at=${at}&sc=${encodeURIComponent(scenarioText(doc))}`;
}

/** The state a URL's hash names, or null when it names none. */
export function decodeState(hash: string): { doc: PlaygroundDoc; at: number } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const sc = params.get('sc');
  if (sc === null) return null;
  const doc = splitScenarioText(sc);
  const at = Number(params.get('at') ?? doc.steps.length);
  return { doc, at: Number.isInteger(at) && at >= 0 && at <= doc.steps.length ? at : doc.steps.length };
}
