// The runner's text output: each step's results (side by side when several backends ran), then what failed.
import type { FileOutcome } from './file-outcome.js';
import { describeRun, type RunRecord, type StepRecord } from './results.js';
import type { RunReport } from './run-scenario.js';

export type Print = (line: string) => void;

const WIDTH = 44;

function cell(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 3)}...` : s.padEnd(w);
}

function head(s: StepRecord | undefined, r: RunRecord): string {
  const n = s ? String(s.n).padStart(4) : '    ';
  const it = r.i > 0 || (s && s.runs.length > 1) ? `[${r.i}]` : '';
  return `${n}${it.padEnd(6)} ${cell(`${r.task ?? ''} ${r.call}`, 16)}`;
}

export function printOutcome(o: FileOutcome, print: Print): void {
  const [ref, ...rest] = o.runs;
  const times = o.runs.map((r) => `${r.backend} ${Math.round(r.ms)} ms`).join(', ');
  print(`${o.file} (${times})`);
  if (rest.length > 0)
    print(
      `${''.padEnd(28)}${o.runs
        .map((r) => cell(r.backend, WIDTH))
        .join(' | ')
        .trimEnd()}`,
    );
  for (const s of ref!.steps) {
    for (const r of s.runs) {
      const cells = [describeRun(r)];
      for (const b of rest) {
        const stopped = b.stoppedAt !== undefined && s.n > b.stoppedAt;
        cells.push(
          stopped
            ? `(not run: ${b.backend} stopped earlier)`
            : describeRun(b.steps[s.n - 1]?.runs.find((x) => x.i === r.i)),
        );
      }
      print(`${head(s, r)} ${cells.map((c, k) => (k < cells.length - 1 ? cell(c, WIDTH) : c)).join(' | ')}`);
    }
  }
  for (const r of o.runs) printProblems(r, print);
  for (const d of o.divergences ?? []) {
    const where = `step ${d.step}${d.run > 0 ? ` run ${d.run}` : ''} (line ${d.line})`;
    if (d.known) print(`  known divergence at ${where}: ${d.model} | ${d.backend} ${d.other} — ${d.known}`);
    else print(`  DIVERGENCE at ${where}: model ${d.model} | ${d.backend} ${d.other}`);
  }
  for (const e of o.stale)
    print(
      `  LEDGER ENTRY NO LONGER DIVERGES: ${e.scenario} step ${e.step} on ${e.backend ?? 'host'} ("${e.reason}"): remove it`,
    );
  print(o.ok ? '  ok' : '  FAILED');
}

function printProblems(r: RunReport, print: Print): void {
  for (const n of r.notes) print(`  note (${r.backend}): ${n}`);
  for (const f of r.failures)
    print(
      `  EXPECT FAILED on ${r.backend}: step ${f.step} (line ${f.line}) checks step ${f.target}` +
        `${f.run > 0 ? ` run ${f.run}` : ''}: expected ${JSON.stringify(f.expected)}, got ${f.actual}`,
    );
  if (r.error) print(`  ERROR on ${r.backend}: ${r.error}`);
}
