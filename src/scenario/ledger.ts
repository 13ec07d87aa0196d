// The ledger of known divergences between the model and the real kernel: one file, entries
// {scenario, step, reason}. It may only shrink: an entry whose step no longer diverges is an error.
import { existsSync, readFileSync } from 'node:fs';
import { ScenarioInputError } from './scenario-error.js';

export interface LedgerEntry {
  scenario: string;
  step: number;
  reason: string;
  /** The backend that diverges from the model there (default: host). */
  backend?: 'host' | 'supervised';
}

export function parseLedger(file: string, text: string): LedgerEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScenarioInputError(file, null, null, `not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(data))
    throw new ScenarioInputError(file, null, null, 'expected a JSON array of entries');
  const seen = new Set<string>();
  return data.map((e, i) => {
    const bad = (field: string, problem: string) =>
      new ScenarioInputError(file, null, `[${i}].${field}`, problem);
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new ScenarioInputError(file, null, `[${i}]`, 'expected {"scenario", "step", "reason"}');
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['scenario', 'step', 'reason', 'backend'].includes(k))
        throw bad(k, 'not a field of a ledger entry');
    if (typeof o.scenario !== 'string' || !/^[^/\\]+\.jsonl$/.test(o.scenario))
      throw bad('scenario', 'expected the name of a scenario file (name.jsonl)');
    if (typeof o.step !== 'number' || !Number.isInteger(o.step) || o.step < 1)
      throw bad('step', 'expected a step number (1 or more)');
    if (typeof o.reason !== 'string' || o.reason.trim() === '') throw bad('reason', 'expected a reason');
    if (o.backend !== undefined && o.backend !== 'host' && o.backend !== 'supervised')
      throw bad('backend', 'expected "host" or "supervised"');
    const k = `${o.scenario}#${o.step}#${o.backend ?? 'host'}`;
    if (seen.has(k)) throw bad('step', `${o.scenario} step ${o.step} is listed twice`);
    seen.add(k);
    return {
      scenario: o.scenario,
      step: o.step,
      reason: o.reason,
      ...(o.backend !== undefined && { backend: o.backend as 'host' | 'supervised' }),
    };
  });
}

/** The ledger at `path`, or an empty one if there is no such file. */
export function loadLedger(path: string): LedgerEntry[] {
  if (!existsSync(path)) return [];
  return parseLedger(path, readFileSync(path, 'utf8'));
}
