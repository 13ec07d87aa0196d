// A rate figure from the timed runs of ours and of a baseline taken in turns: medians, and their ranges in the note.
import type { Measured } from './baseline.js';
import type { Figure } from './figure.js';
import { formatValue } from './format.js';
import type { RunStats } from './interleave.js';

function spread(who: string, m: Measured<RunStats>): string {
  if (!m.ok) return m.why;
  return `${who} runs ${formatValue(m.value.min, 'ops/s')} to ${formatValue(m.value.max, 'ops/s')}`;
}

/** Ours against `baseline`; `what` says what was measured, at the head of the note. */
export function opsFigure(
  name: string,
  ours: Measured<RunStats>,
  baseline: string,
  m: Measured<RunStats>,
  what?: string,
): Figure {
  if (!ours.ok) throw new Error(`${name}: ${ours.why}`);
  return {
    name,
    value: ours.value.median,
    unit: 'ops/s',
    better: 'higher',
    baseline: m.ok ? baseline : null,
    baselineValue: m.ok ? m.value.median : null,
    note: `${what ? `${what}; ` : ''}median of runs; ${spread('ours', ours)}, ${spread(baseline, m)}`,
  };
}
