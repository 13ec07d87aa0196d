// Taking turns: the contenders of one figure run alternately, so that a change in the load of the
// machine during the run falls on all of them alike.
import { measureBaselineAsync as attempt, type Measured } from './baseline.js';
import { median } from './stats.js';

/** One timed run per call (a rate, say); close() releases what the runner holds. */
export interface Runner {
  run(): number | Promise<number>;
  close?(): void | Promise<void>;
}

/** The timed runs of one contender: their median and their range. */
export interface RunStats {
  median: number;
  min: number;
  max: number;
}

export interface Contender {
  name: string;
  start(): Runner;
}

/** Untimed runs of each contender before the timed rounds: until this long has passed, at least two. */
const WARM_UP_MS = 1000;

async function warmUp(runner: Runner): Promise<void> {
  const t0 = Date.now();
  for (let n = 0; n < 2 || Date.now() - t0 < WARM_UP_MS; n++) await runner.run();
}

/** Each contender warms up, then `runs` rounds in which every contender runs once; medians. */
export async function interleavedMedians(
  contenders: readonly Contender[],
  runs: number,
  log: (line: string) => void,
): Promise<Map<string, Measured<RunStats>>> {
  const live = new Map<string, { runner: Runner; results: number[] }>();
  const out = new Map<string, Measured<RunStats>>();
  for (const c of contenders) {
    const m = await attempt(c.name, log, async () => {
      const runner = c.start();
      await warmUp(runner);
      return runner;
    });
    if (m.ok) live.set(c.name, { runner: m.value, results: [] });
    else out.set(c.name, m);
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, l] of live) {
      const m = await attempt(name, log, () => l.runner.run());
      if (m.ok) l.results.push(m.value);
      else {
        out.set(name, m);
        live.delete(name);
        await l.runner.close?.();
      }
    }
  }
  for (const [name, l] of live) {
    await l.runner.close?.();
    const value = { median: median(l.results), min: Math.min(...l.results), max: Math.max(...l.results) };
    out.set(name, { ok: true, value });
  }
  return out;
}
