/** `relinklab render SCENARIO --step N --format dot|svg|mermaid [-o FILE]`: one step's object graph. */
import { FORMATS, isFormat, renderStep, stepGraph } from '../teach/render.js';
import { checkStep } from './step-arg.js';
import { InputError } from '../model/errors.js';
import { EXIT_OK, type Io } from './io.js';
import { readTimeline, type TimelineInput } from './timeline-input.js';
import { writeOutput } from './write.js';

export interface RenderArgs {
  /** The scenario, trace or strace log, and how to read it. */
  readonly input: TimelineInput;
  /** As typed: validated against the scenario's length by checkStep. */
  readonly step: string | undefined;
  readonly format: string;
  readonly out: string | undefined;
  readonly json: boolean;
  /** Leave out the boot objects and those away from the scenario's focus: (src/teach/focus.ts). */
  readonly focus: boolean;
}

export function checkFormat(format: string): asserts format is (typeof FORMATS)[number] {
  if (!isFormat(format)) {
    throw new InputError('relinklab', 0, `unknown --format ${JSON.stringify(format)} (${FORMATS.join(', ')})`);
  }
}

export async function runRender(a: RenderArgs, io: Io): Promise<number> {
  const format = a.format;
  checkFormat(format);
  const file = a.input.file;
  const t = readTimeline(a.input);
  const step = checkStep(t, file, a.step);
  const graph = stepGraph(t, step, a.focus);
  const text = await renderStep(t, step, format, a.focus);
  if (a.out !== undefined) writeOutput(a.out, text);
  if (a.json) {
    io.out(
      JSON.stringify({
        file,
        step,
        format,
        written: a.out ?? null,
        graph,
        ...(a.out === undefined ? { text } : {}),
      }),
    );
  } else if (a.out === undefined) {
    io.out(text);
  } else {
    io.out(`${a.out}: step ${step} of ${file} as ${format} (${graph.nodes.length} nodes, ${graph.edges.length} edges)`);
  }
  return EXIT_OK;
}
