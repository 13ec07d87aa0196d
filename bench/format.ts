// Human-readable numbers for the table and RESULTS.md.
import { ratio, type Figure, type Unit } from './figure.js';

function sig(x: number, digits = 3): string {
  return x.toPrecision(digits).replace(/\.?0+e/, 'e');
}

export function formatValue(v: number | null, unit: Unit): string {
  if (v === null) return '—';
  switch (unit) {
    case 'ops/s':
      if (v >= 1e6) return `${sig(v / 1e6)} M ops/s`;
      if (v >= 1e3) return `${sig(v / 1e3)} k ops/s`;
      return `${sig(v)} ops/s`;
    case 's':
      if (v < 1e-3) return `${sig(v * 1e6)} µs`;
      if (v < 1) return `${sig(v * 1e3)} ms`;
      return `${sig(v)} s`;
    case 'bytes':
      if (v >= 1e6) return `${sig(v / 1e6)} MB`;
      if (v >= 1e4) return `${sig(v / 1e3)} kB`;
      return `${sig(v)} B`;
    case 'x':
      return `${sig(v)}×`;
  }
}

export function formatRatio(f: Figure): string {
  const r = ratio(f);
  return r === null ? '—' : sig(r);
}

export function formatGoal(f: Figure): string {
  if (!f.goal) return '';
  return `${f.goal.met ? 'met' : 'NOT MET'} (${f.goal.text})`;
}

/** The table's rows: figure, ours, baseline, baseline value, ours/baseline, goal. */
export const COLUMNS = ['figure', 'ours', 'baseline', 'baseline value', 'ours/baseline', 'goal'] as const;

export function rowOf(f: Figure): string[] {
  return [
    f.name,
    formatValue(f.value, f.unit),
    f.baseline ?? '—',
    formatValue(f.baselineValue, f.unit),
    formatRatio(f),
    formatGoal(f),
  ];
}
