// Every scenario file of test/scenarios on the model, on the real kernel and under a semundo session
// (when they can run here), one test per file: a failed expect or a divergence the ledger does not list fails it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { closeHostEnvironment } from '../src/scenario/host/host-environment.js';
import { loadLedger } from '../src/scenario/ledger.js';
import { printOutcome } from '../src/scenario/report-text.js';
import { loadScenario, runScenarioOn, usableBackends } from '../src/scenario/run-files.js';

// Compiled to dist/test/: the scenario files stay in the source tree.
const dir = fileURLToPath(new URL('../../test/scenarios/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const ledger = loadLedger(join(dir, 'ledger.json'));
const backends = await usableBackends('all', (l) => console.error(l));
/** Files run three at a time: each has its own IPC namespace. SEMUNDO_SCENARIO_CONCURRENCY changes it. */
const concurrency = Number(process.env.SEMUNDO_SCENARIO_CONCURRENCY ?? 3);

describe(`scenarios on ${backends.join(', ')}`, { concurrency }, () => {
  after(() => closeHostEnvironment());

  it('ledger names only steps of existing scenario files', () => {
    for (const e of ledger) {
      assert.ok(existsSync(join(dir, e.scenario)), `ledger entry for missing file ${e.scenario}`);
      const steps = loadScenario(join(dir, e.scenario)).steps.length;
      assert.ok(e.step <= steps, `ledger entry ${e.scenario} step ${e.step}: the file has ${steps} steps`);
    }
  });

  for (const f of files)
    it(f, async () => {
      const outcome = await runScenarioOn(loadScenario(join(dir, f)), backends, ledger);
      if (outcome.ok) return;
      const lines: string[] = [];
      printOutcome(outcome, (l) => lines.push(l));
      assert.fail(lines.join('\n'));
    });
});
