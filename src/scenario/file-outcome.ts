// The verdict on one scenario file: its runs, their divergences (known or not), stale ledger entries.
import { basename } from 'node:path';
import { compareRuns, type Divergence } from './compare.js';
import type { LedgerEntry } from './ledger.js';
import type { RunReport } from './run-scenario.js';

export interface FileOutcome {
  file: string;
  runs: RunReport[];
  /** Set when both backends ran. */
  divergences?: Divergence[];
  /** Ledger entries of this file whose step no longer diverges. */
  stale: LedgerEntry[];
  ok: boolean;
}

export function judge(file: string, runs: RunReport[], ledger: readonly LedgerEntry[]): FileOutcome {
  const model = runs.find((r) => r.backend === 'model');
  const host = runs.find((r) => r.backend === 'host');
  const out: FileOutcome = { file, runs, stale: [], ok: true };
  if (model && host) {
    const mine = ledger.filter((e) => e.scenario === basename(file));
    const divs = compareRuns(model, host);
    for (const d of divs) {
      const e = mine.find((x) => x.step === d.step);
      if (e) d.known = e.reason;
    }
    out.divergences = divs;
    // An entry is stale only if its step ran on both backends (a stopped run proves nothing).
    const ran = (n: number) =>
      !model.error && !host.error && (host.stoppedAt === undefined || n <= host.stoppedAt);
    out.stale = mine.filter((e) => ran(e.step) && !divs.some((d) => d.step === e.step));
  }
  out.ok =
    runs.every((r) => !r.error && r.failures.length === 0) &&
    (out.divergences ?? []).every((d) => d.known !== undefined) &&
    out.stale.length === 0;
  return out;
}
