// Comparing the model's and the host's runs of one scenario, step by step and run by run.
import { describeRun, type RunRecord } from './results.js';
import type { RunReport } from './run-scenario.js';

export interface Divergence {
  step: number;
  line: number;
  run: number;
  model: string;
  host: string;
  /** The ledger's reason, when the divergence is a known one. */
  known?: string;
}

const key = (r: RunRecord) => JSON.stringify({ result: r.result, ended: r.ended ?? null });

/** Every run whose result (or ending) differs; steps the host did not run are left out. */
export function compareRuns(model: RunReport, host: RunReport): Divergence[] {
  const out: Divergence[] = [];
  for (const m of model.steps) {
    const h = host.steps[m.n - 1];
    if (!h || (host.stoppedAt !== undefined && m.n > host.stoppedAt)) continue;
    for (const mr of m.runs) {
      const hr = h.runs.find((r) => r.i === mr.i);
      if (!hr || 'modelOnly' in hr.result) continue;
      if (key(mr) !== key(hr))
        out.push({ step: m.n, line: m.line, run: mr.i, model: describeRun(mr), host: describeRun(hr) });
    }
  }
  return out;
}
