// --json: one JSON object per line per figure.
import { ratio, type Figure } from './figure.js';

export function jsonLine(f: Figure): string {
  return JSON.stringify({
    name: f.name,
    value: f.value,
    unit: f.unit,
    baseline: f.baseline,
    baseline_value: f.baselineValue,
    ratio: ratio(f),
    better: f.better,
    ...(f.goal ? { goal: f.goal.text, goal_met: f.goal.met } : {}),
    ...(f.note ? { note: f.note } : {}),
  });
}
