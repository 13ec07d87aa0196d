// Results as they are compared and printed (spec "Comparison rules"): pids as task labels, times as 0
// or "nonzero", structures in the format's shape.
import type { Ended } from './backend.js';

/** A time: 0 stays 0, anything else is the word "nonzero". */
export type Time = 0 | 'nonzero';

/** One run's result of a call step. */
export type Result =
  | { ret: number | string; value?: unknown }
  | { errno: string }
  | { blocked: true }
  /** The host kernel has no such file: the step runs on the model only. */
  | { modelOnly: true };

export interface RunRecord {
  /** Index of the run for a step with repeat. */
  i: number;
  task?: string;
  call: string;
  result: Result;
  ended?: Ended;
  /** The last step begun when the ending was seen (a call's ending is seen by the settle after it). */
  endedAt?: number;
}

/** A step's record: its runs (none for settle and expect steps). */
export interface StepRecord {
  n: number;
  line: number;
  do: string;
  runs: RunRecord[];
}

export function isBlocked(r: RunRecord): boolean {
  return 'blocked' in r.result && r.ended === undefined;
}

/** A result as one short text: `ret 0`, `EAGAIN`, `blocked -> ret 0`, ... */
export function describeRun(r: RunRecord | undefined): string {
  if (!r) return '-';
  const res = r.result;
  let s: string;
  if ('modelOnly' in res) s = '(model only)';
  else if ('errno' in res) s = res.errno;
  else if ('blocked' in res) s = 'blocked';
  else s = `ret ${JSON.stringify(res.ret)}${res.value !== undefined ? ` ${JSON.stringify(res.value)}` : ''}`;
  if (r.ended) s += ` -> ended ${'errno' in r.ended ? r.ended.errno : `ret ${r.ended.ret}`}`;
  return s;
}
