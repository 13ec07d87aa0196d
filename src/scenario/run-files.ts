// `semundo scenario run`: parse every file first (bad input runs nothing), then run each on the chosen
// backends, compare, apply the ledger, print. Exit code 0 ok, 1 failed, 2 bad input.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostSupport } from '../host/host-support.js';
import type { Backend, BackendName } from './backend.js';
import { judge, type FileOutcome } from './file-outcome.js';
import { HostBackend } from './host/host-backend.js';
import { closeHostEnvironment } from './host/host-environment.js';
import { loadLedger, type LedgerEntry } from './ledger.js';
import { ModelBackend } from './model/model-backend.js';
import { SupervisedBackend } from './supervised/supervised-backend.js';
import { sessionSupport } from '../session/index.js';
import { parseScenario } from './parse/parse-scenario.js';
import { printOutcomeJson } from './report-json.js';
import { printOutcome, type Print } from './report-text.js';
import { runScenario } from './run-scenario.js';
import { ScenarioInputError } from './scenario-error.js';
import type { Scenario } from './scenario-types.js';

/** both: the model and the kernel; all: and the supervised backend (the kernel's agents in a session). */
export type BackendChoice = 'model' | 'host' | 'supervised' | 'both' | 'all';

export interface RunFilesOptions {
  backend: BackendChoice;
  json?: boolean;
  /** The ledger file; default: ledger.json next to each scenario file. */
  ledger?: string;
  /** How many files run at once (each has its own IPC namespace). */
  concurrency?: number;
  print: Print;
  warn: Print;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Reads and parses a scenario file; throws ScenarioInputError for anything wrong. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioInputError(file, null, null, `cannot read: ${(e as Error).message}`);
  }
  return parseScenario(file, text);
}

/** The backends that can run here; says loudly when the real kernel cannot be used. */
export async function usableBackends(choice: BackendChoice, warn: Print): Promise<BackendName[]> {
  if (choice === 'model') return ['model'];
  const hs = await hostSupport();
  if (!hs.ok) {
    warn(`*** HOST BACKEND UNAVAILABLE: ${hs.reason}.`);
    warn('*** Scenarios run on the MODEL ONLY: nothing is compared with the real kernel.');
    return ['model'];
  }
  if (choice === 'host') return ['host'];
  if (choice === 'both') return ['model', 'host'];
  const missing = sessionSupport();
  if (missing) {
    warn(`*** SUPERVISED BACKEND UNAVAILABLE: ${missing}.`);
    return choice === 'supervised' ? [] : ['model', 'host'];
  }
  return choice === 'supervised' ? ['model', 'supervised'] : ['model', 'host', 'supervised'];
}

function makeBackend(b: BackendName): Backend {
  if (b === 'model') return new ModelBackend();
  return b === 'host' ? new HostBackend() : new SupervisedBackend();
}

/** Runs one parsed scenario on the given backends (at the same time) and judges it. */
export async function runScenarioOn(
  sc: Scenario,
  backends: readonly BackendName[],
  ledger: readonly LedgerEntry[],
): Promise<FileOutcome> {
  const runs = await Promise.all(backends.map((b) => runScenario(sc, makeBackend(b))));
  return judge(sc.file, runs, ledger);
}

export async function runScenarioFiles(files: readonly string[], opts: RunFilesOptions): Promise<number> {
  const scenarios: Scenario[] = [];
  const ledgers = new Map<string, LedgerEntry[]>();
  try {
    for (const f of files) {
      scenarios.push(loadScenario(f));
      const lp = opts.ledger ?? join(dirname(f), 'ledger.json');
      if (!ledgers.has(lp)) ledgers.set(lp, loadLedger(lp));
    }
  } catch (e) {
    if (!(e instanceof ScenarioInputError)) throw e;
    opts.warn(`refused: ${e.message}`);
    return EXIT_BAD_INPUT;
  }
  const backends = await usableBackends(opts.backend, opts.warn);
  const outcomes: FileOutcome[] = new Array(scenarios.length);
  let next = 0;
  let printed = 0;
  const flushPrinted = () => {
    while (printed < scenarios.length && outcomes[printed]) {
      (opts.json ? printOutcomeJson : printOutcome)(outcomes[printed]!, opts.print);
      printed++;
    }
  };
  const worker = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      const sc = scenarios[i]!;
      outcomes[i] = await runScenarioOn(
        sc,
        backends,
        ledgers.get(opts.ledger ?? join(dirname(sc.file), 'ledger.json'))!,
      );
      flushPrinted();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  } finally {
    if (backends.includes('host') || backends.includes('supervised')) await closeHostEnvironment();
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  if (!opts.json)
    opts.print(
      `${outcomes.length - failed} of ${outcomes.length} scenario files ok (${backends.join(' and ')})`,
    );
  return failed ? EXIT_FAILED : EXIT_OK;
}
