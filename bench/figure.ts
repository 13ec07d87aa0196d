// One measured figure: ours, the baseline measured in the same run, their ratio, and the goal if any.

export type Unit = 'ops/s' | 's' | 'bytes' | 'x';

export interface Goal {
  /** What the goal asks, e.g. "ratio ≥ 2". */
  text: string;
  met: boolean;
}

export interface Figure {
  name: string;
  value: number;
  unit: Unit;
  better: 'higher' | 'lower';
  /** The baseline's name (linux-c, linux-koffi, …), or null when none could be measured at this size. */
  baseline: string | null;
  baselineValue: number | null;
  goal?: Goal;
  /** Why a baseline is missing, or what else the reader should know. */
  note?: string;
}

/** ours / baseline, for every figure whatever its direction. */
export function ratio(f: Figure): number | null {
  return f.baselineValue === null || f.baselineValue === 0 ? null : f.value / f.baselineValue;
}

export function ratioAtLeast(min: number, value: number, baselineValue: number | null): Goal {
  const r = baselineValue ? value / baselineValue : null;
  return { text: `ours/baseline ≥ ${min}`, met: r !== null && r >= min };
}

export function valueBelow(max: number, value: number, unit: string): Goal {
  return { text: `< ${max} ${unit}`, met: value < max };
}

export function valueAtMost(max: number, value: number): Goal {
  return { text: `≤ ${max}`, met: value <= max };
}

export function ratioAtMost(max: number, value: number, baselineValue: number | null): Goal {
  const r = baselineValue ? value / baselineValue : null;
  return { text: `ours/baseline ≤ ${max}`, met: r !== null && r <= max };
}
