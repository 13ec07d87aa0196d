// The verdict on one scenario file: its runs, their divergences from the model (known or not), stale
// ledger entries.
import { basename } from 'node:path';
import { compareRuns, type Divergence } from './compare.js';
import type { LedgerEntry } from './ledger.js';
import type { RunReport } from './run-scenario.js';

export interface FileOutcome {
  file: string;
  runs: RunReport[];
  /** Set when the model and at least one other backend ran. */
  divergences?: Divergence[];
  /** Ledger entries of this file whose step no longer diverges. */
  stale: LedgerEntry[];
  ok: boolean;
}

export function judge(file: string, runs: RunReport[], ledger: readonly LedgerEntry[]): FileOutcome {
  const model = runs.find((r) => r.backend === 'model');
  const out: FileOutcome = { file, runs, stale: [], ok: true };
  const others = runs.filter((r) => r.backend !== 'model');
  if (model && others.length > 0) {
    const mine = ledger.filter((e) => e.scenario === basename(file));
    out.divergences = [];
    for (const other of others) {
      const entries = mine.filter((e) => (e.backend ?? 'host') === other.backend);
      const divs = compareRuns(model, other);
      for (const d of divs) {
        const e = entries.find((x) => x.step === d.step);
        if (e) d.known = e.reason;
      }
      out.divergences.push(...divs);
      // An entry is stale only if its step ran on both backends (a stopped run proves nothing).
      const ran = (n: number) =>
        !model.error && !other.error && (other.stoppedAt === undefined || n <= other.stoppedAt);
      out.stale.push(...entries.filter((e) => ran(e.step) && !divs.some((d) => d.step === e.step)));
    }
  }
  out.ok =
    runs.every((r) => !r.error && r.failures.length === 0) &&
    (out.divergences ?? []).every((d) => d.known !== undefined) &&
    out.stale.length === 0;
  return out;
}
