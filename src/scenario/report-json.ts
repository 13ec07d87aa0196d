// The runner's --json output: one JSON object per line for each step result, each ending of a blocked
// call, each failed expect, each divergence, and one verdict per file.
import type { FileOutcome } from './file-outcome.js';
import type { Print } from './report-text.js';

export function printOutcomeJson(o: FileOutcome, print: Print): void {
  const emit = (x: object) => print(JSON.stringify(x));
  for (const r of o.runs) {
    const base = { file: o.file, backend: r.backend };
    for (const s of r.steps)
      for (const run of s.runs) {
        const at = { ...base, step: s.n, ...(s.runs.length > 1 && { run: run.i }) };
        emit({ ...at, task: run.task, call: run.call, ...run.result });
        if (run.ended) emit({ ...at, ended: true, ...run.ended });
      }
    for (const f of r.failures) emit({ ...base, expect: 'failed', ...f });
    for (const n of r.notes) emit({ ...base, note: n });
    if (r.error) emit({ ...base, error: r.error });
  }
  for (const d of o.divergences ?? []) emit({ file: o.file, divergence: true, ...d });
  for (const e of o.stale) emit({ file: o.file, staleLedgerEntry: e });
  emit({ file: o.file, ok: o.ok });
}
