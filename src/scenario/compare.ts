// Comparing the model's run of one scenario with another backend's (the host's, the supervised one's),
// step by step and run by run.
import type { BackendName } from './backend.js';
import { describeRun, type RunRecord } from './results.js';
import type { RunReport } from './run-scenario.js';

export interface Divergence {
  step: number;
  line: number;
  run: number;
  model: string;
  /** The other backend, and what it gave. */
  backend: BackendName;
  other: string;
  /** The ledger's reason, when the divergence is a known one. */
  known?: string;
}

/** A run as compared: an ending seen once the other had stopped (at its write of a model-only file) is left out. */
function key(r: RunRecord, stoppedAt: number | undefined): string {
  const late = stoppedAt !== undefined && r.endedAt !== undefined && r.endedAt >= stoppedAt;
  return JSON.stringify({ result: r.result, ended: late ? null : (r.ended ?? null) });
}

/** Every run whose result (or ending) differs; steps the other backend did not run are left out. */
export function compareRuns(model: RunReport, host: RunReport): Divergence[] {
  const out: Divergence[] = [];
  const stop = host.stoppedAt;
  for (const m of model.steps) {
    const h = host.steps[m.n - 1];
    if (!h || (stop !== undefined && m.n > stop)) continue;
    for (const mr of m.runs) {
      const hr = h.runs.find((r) => r.i === mr.i);
      if (!hr || 'modelOnly' in hr.result) continue;
      if (key(mr, stop) !== key(hr, stop))
        out.push({
          step: m.n,
          line: m.line,
          run: mr.i,
          model: describeRun(mr),
          backend: host.backend,
          other: describeRun(hr),
        });
    }
  }
  return out;
}
