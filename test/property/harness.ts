// Running a property: a printed seed for every run (replay with SEMUNDO_SEED=<seed>), a time box, and a
// readable history in failure messages.
import fc from 'fast-check';
import { KernelDriver, type KStepObs } from './kernel-driver.js';
import { SIGKILL } from '../../src/api/index.js';
import type { Cmd, Scenario } from './scenario.js';

export interface Budget {
  numRuns: number;
  /** fast-check's interruptAfterTimeLimit: generation stops after this long (a success if nothing failed). */
  timeLimitMs: number;
}

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

/** The seed of this run: SEMUNDO_SEED if set, else a fresh one; printed either way. */
export function seedFor(name: string): number {
  const seed = envInt('SEMUNDO_SEED') ?? (Math.random() * 0x7fffffff) | 0;
  console.log(`# [property ${name}] seed=${seed} (replay: SEMUNDO_SEED=${seed})`);
  return seed;
}

/**
 * fc.assert with a printed seed, a time box and a run count; SEMUNDO_RUNS / SEMUNDO_TIME_MS scale the
 * budget up for longer hunts, SEMUNDO_PATH replays the path fast-check printed with a failure.
 */
export async function runProperty<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  predicate: (v: T) => void | Promise<void>,
  budget: Budget,
): Promise<void> {
  const seed = seedFor(name);
  const path = process.env.SEMUNDO_PATH;
  const start = performance.now();
  let details: fc.RunDetails<[T]> | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        await predicate(v);
      }),
      {
        seed,
        ...(path ? { path } : {}),
        numRuns: envInt('SEMUNDO_RUNS') ?? budget.numRuns,
        interruptAfterTimeLimit: envInt('SEMUNDO_TIME_MS') ?? budget.timeLimitMs,
        includeErrorInReport: true,
        reporter: (d) => {
          details = d;
          if (d.failed) throw new Error(fc.defaultReportMessage(d));
        },
      },
    );
  } finally {
    const ms = Math.round(performance.now() - start);
    const d = details as fc.RunDetails<[T]> | null;
    const runs = d
      ? `${d.numRuns} runs${d.interrupted ? ' (time limit reached)' : ''}, ${d.numShrinks} shrinks`
      : '?';
    console.log(`# [property ${name}] seed=${seed}: ${runs}, ${ms} ms`);
  }
}

/** The setup and the steps run so far, one line each, for failure messages. */
export function history(sc: Scenario, log: readonly string[]): string {
  const s = sc.setup;
  const lines = [
    `setup: observer tid 2 (root); processes tid 3..${2 + s.uids.length} with uid ${s.uids.join(', ')} (each catches SIGUSR1); sets (created by IPC_PRIVATE semget, then SETALL by the observer): ` +
      s.sets
        .map(
          (x, i) =>
            `#${i} by tid ${3 + (x.creator % s.uids.length)} nsems ${x.nsems} mode 0${x.mode.toString(8)} vals [${x.vals.join(',')}]`,
        )
        .join('; '),
  ];
  for (const l of log) lines.push(`  ${l}`);
  return lines.join('\n');
}

/** SIGKILL for every live process, as commands (appended after a history to end every task). */
export function killAll(d: KernelDriver): Cmd[] {
  return d.liveProcesses().map(() => ({ k: 'kill', t: 0, sig: SIGKILL }));
}

/**
 * Runs a scenario on the kernel, handing each step's observations to `check`; with `cleanup`, then
 * kills every live process (one step each, also checked) so that every task has exited at the end.
 */
export async function runKernel(
  sc: Scenario,
  check: (i: number, c: Cmd, obs: KStepObs, d: KernelDriver) => void,
  opts: { cleanup?: boolean; start?: (d: KernelDriver) => void; atEnd?: (d: KernelDriver) => void } = {},
): Promise<KernelDriver> {
  const d = new KernelDriver(sc);
  opts.start?.(d);
  const fail = (e: unknown) => new Error(`${(e as Error).message}\n${history(sc, d.log)}`, { cause: e });
  const run = async (i: number, c: Cmd) => {
    const obs = await d.step(i, c);
    try {
      check(i, c, obs, d);
    } catch (e) {
      throw fail(e);
    }
  };
  for (let i = 0; i < sc.cmds.length; i++) await run(i, sc.cmds[i]!);
  if (opts.cleanup) {
    let i = sc.cmds.length;
    for (const c of killAll(d)) await run(i++, c);
  }
  try {
    opts.atEnd?.(d);
  } catch (e) {
    throw fail(e);
  }
  return d;
}
