// run.restart: SIGKILL of a session's server to the next semop answered, against the normal call interval.
import { readFileSync, readdirSync } from 'node:fs';
import type { Figure } from './figure.js';
import { LiveSession } from './live-session.js';
import type { Plan } from './plan.js';
import { median } from './stats.js';

type Log = (line: string) => void;
/** bench/c/restart-loop.c reports every pause between two completed semops of this many µs or more. */
const GAP_US = 1000;
const RECVMSG = 47;
const WAIT_MS = 30_000;
/** A killed server has stopped answering within this long of the kill. */
const DEATH_NS = 20_000_000n;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function children(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

const isServer = (pid: number): boolean =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .some((a) => a.endsWith('server-main.js'));

/** The CPU ticks of a spare server of the keeper (not `server`) that waits in recvmsg for the session, or null. */
function waitingSpare(keeper: number, server: number): string | null {
  try {
    for (const c of children(keeper)) {
      if (c === server || !isServer(c)) continue;
      if (Number(readFileSync(`/proc/${c}/syscall`, 'utf8').split(' ')[0]) !== RECVMSG) continue;
      // utime and stime of the whole process (fields 14 and 15; the command name may hold spaces).
      const stat = readFileSync(`/proc/${c}/stat`, 'utf8');
      return `${c} ${stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .slice(11, 13)
        .join(' ')}`;
    }
  } catch {
    // A child went away meanwhile.
  }
  return null;
}

/**
 * The server once it serves after `restarts` restarts and a spare waits beside it, its start-up done (in
 * recvmsg, and no CPU time spent between two looks).
 */
async function readyServer(s: LiveSession, restarts: number): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  let before: string | null = null;
  for (; Date.now() < deadline; await sleep(50)) {
    const p = await s.ps();
    if (p.restarts > restarts) throw new Error(`${s.what}: the server restarted on its own`);
    const spare = p.restarts === restarts ? waitingSpare(s.keeper, p.server) : null;
    if (spare !== null && spare === before) {
      if (!children(s.keeper).includes(p.server)) throw new Error(`${p.server} is not a server of ${s.what}`);
      return p.server;
    }
    before = spare;
  }
  throw new Error(`${s.what}: no spare server after ${WAIT_MS} ms (restarts ${restarts})`);
}

interface Crashes {
  /** From each SIGKILL to the first semop completed after it, in seconds. */
  pauses: number[];
  /** The median time between two completed semops, in seconds (pauses of GAP_US or more left out). */
  interval: number;
}

/** One session of bench/c/restart-loop.c whose server is killed KILLS times. */
async function crashes(kills: number): Promise<Crashes> {
  const s = await LiveSession.start('restart-loop', [GAP_US]);
  const killedAt: bigint[] = [];
  let lines: string[];
  try {
    for (let i = 0; i < kills; i++) {
      const server = await readyServer(s, i);
      killedAt.push(process.hrtime.bigint()); // CLOCK_MONOTONIC, as the program's own timestamps
      process.kill(server, 'SIGKILL');
    }
    for (const deadline = Date.now() + WAIT_MS; (await s.ps()).restarts < kills; await sleep(20))
      if (Date.now() > deadline) throw new Error(`${s.what}: not served again after the last kill`);
    await sleep(200);
  } finally {
    lines = await s.end();
  }
  const gaps = lines.filter((l) => l.startsWith('gap ')).map((l) => l.split(' ').slice(1).map(BigInt));
  // Calls may still complete between the timestamp and the server's death: the pause is the one that
  // starts soon after the kill (the longest, should another come as well) and ends after it.
  const pauses = killedAt.map((t, i) => {
    const near = gaps.filter(([before, after]) => before! < t + DEATH_NS && after! > t);
    if (near.length === 0) throw new Error(`${s.what}: no pause of ${GAP_US} µs or more after kill ${i + 1}`);
    return Math.max(...near.map(([, after]) => Number(after! - t))) / 1e9;
  });
  const interval = lines.find((l) => l.startsWith('interval '));
  if (!interval) throw new Error(`${s.what}: printed no interval`);
  return { pauses, interval: Number(interval.split(' ')[1]) / 1e9 };
}

export async function runRestartFigures(plan: Plan, log: Log): Promise<Figure[]> {
  const { sessions, kills } = plan.run.restart;
  log(`run.restart: ${sessions} sessions of restart-loop, ${kills} SIGKILLs of the server each`);
  const pauses: number[] = [];
  const intervals: number[] = [];
  for (let i = 0; i < sessions; i++) {
    const c = await crashes(kills);
    pauses.push(...c.pauses);
    intervals.push(c.interval);
  }
  const interval = median(intervals);
  const ms = (x: number): string => `${(x * 1e3).toFixed(1)} ms`;
  const each = [...pauses].sort((a, b) => a - b).map((x) => (x * 1e3).toFixed(0));
  const what =
    `SIGKILL of the session's server (a spare server waiting) to the first semop answered after it, ` +
    `${pauses.length} kills (${sessions} session(s) × ${kills}): median ${ms(median(pauses))}, ` +
    `max ${ms(Math.max(...pauses))} (each: ${each.join(', ')} ms); normal-call: the median time between ` +
    `two completed semops (±1, SEM_UNDO) of the same loop in the same run, ${(interval * 1e6).toFixed(1)} µs; ` +
    'the new server replays the journal written since the last snapshot, so the pause depends on where ' +
    'in the journal (SEMUNDO_SNAPSHOT_AFTER, 256 KiB by default) the kill falls';
  const figure = (name: string, value: number): Figure => ({
    name,
    value,
    unit: 's',
    better: 'lower',
    baseline: 'normal-call',
    baselineValue: interval,
    note: what,
  });
  return [
    figure('run.restart.crash-to-answer', median(pauses)),
    figure('run.restart.crash-to-answer.max', Math.max(...pauses)),
  ];
}
