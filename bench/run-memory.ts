// The memory a session spends on each supervised process and on each sleeper: the growth of the
// session's server's resident set with N processes of bench/c/crowd.c idle, then asleep in semop.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Figure } from './figure.js';
import type { Plan } from './plan.js';
import { underSemundo } from './run-programs.js';

type Log = (line: string) => void;

/** A field of /proc/PID/status or smaps_rollup, in bytes ("VmRSS:   1234 kB"). */
function kbField(file: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file} has no ${field}`);
  return Number(m[1]) * 1024;
}

interface Crowd {
  /** The session's server's resident set while the crowd waits. */
  rss: number;
  /** The proportional set size of one of the crowd's processes. */
  childPss: number;
}

/** The pid of the server of the session whose keeper (`semundo run`) is `keeper`, as `semundo ps` shows it. */
function serverOf(main: string, keeper: number): number {
  const r = spawnSync(process.execPath, [main, 'ps', '--json'], { encoding: 'utf8' });
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const s = (JSON.parse(line) as { session: { pid: number; server: number } }).session;
    if (s.pid === keeper) return s.server;
  }
  throw new Error(`semundo ps does not show the session of ${keeper}`);
}

/** Starts `semundo run -- crowd N MODE`, measures once every process waits, then lets it end. */
function crowd(n: number, mode: 'idle' | 'sleep'): Promise<Crowd> {
  const argv = underSemundo('crowd', [n, mode]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let result: Crowd | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    lines.on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line);
      if (!m) return;
      // Let the session settle (its sleepers' first looks at /proc, the collector) before measuring.
      setTimeout(() => {
        try {
          result = {
            rss: kbField(`/proc/${serverOf(argv[1]!, child.pid!)}/status`, 'VmRSS'),
            childPss: n > 0 ? kbField(`/proc/${m[1]}/smaps_rollup`, 'Pss') : 0,
          };
        } catch (e) {
          reject(e as Error);
        }
        child.stdin.end();
      }, 500);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`semundo run -- crowd ${n} ${mode}: status ${code}`));
    });
  });
}

export async function runMemoryFigures(plan: Plan, log: Log): Promise<Figure[]> {
  const n = plan.run.crowd;
  log(`run.memory: semundo run -- crowd 0, ${n} idle and ${n} asleep`);
  const empty = await crowd(0, 'idle');
  const idle = await crowd(n, 'idle');
  const asleep = await crowd(n, 'sleep');
  const perProcess = (idle.rss - empty.rss) / n;
  const perSleeper = (asleep.rss - idle.rss) / n;
  return [
    {
      name: 'run.memory.per-process',
      value: perProcess,
      unit: 'bytes',
      better: 'lower',
      baseline: 'process-pss',
      baselineValue: idle.childPss,
      note: `growth of the session's server's resident set from 0 to ${n} supervised processes (each made one semaphore call), per process; baseline: one such process's own proportional set size`,
    },
    {
      name: 'run.memory.per-sleeper',
      value: perSleeper,
      unit: 'bytes',
      better: 'lower',
      baseline: 'process-pss',
      baselineValue: asleep.childPss,
      note: `growth of the session's server's resident set when the ${n} processes sleep in semop instead of read, per sleeper; it includes the head-room the JavaScript heap takes for the garbage of looking at sleepers' /proc status`,
    },
  ];
}
