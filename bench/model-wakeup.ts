// Our wake-up: N spawned tasks asleep in semop (or semtimedop), released one by one or by one SETALL.
import {
  GETNCNT,
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SETALL,
  createKernel,
  type Sembuf,
  type Task,
} from '../src/index.js';
import { collectGarbageAndSettle } from './gc.js';
import { nowNs, secondsSince } from './stats.js';
import { threadCpuNs } from './thread-cpu.js';

export type WakeupMode = 'one-by-one' | 'setall';

/** What the sleepers sleep in: semop, or semtimedop (1 h timeout) on the default or a manual clock. */
export type SleepKind = 'untimed' | 'timed-system-clock' | 'timed-manual-clock';

/** SETALL can give a semaphore at most SEMVMX (32767): larger N is spread over several semaphores. */
const MAX_SLEEPERS_PER_SEMAPHORE = 25_000;
const ONE_HOUR_NS = 3_600_000_000_000;

export function semaphoresFor(mode: WakeupMode, n: number): number {
  return mode === 'one-by-one' ? 1 : Math.ceil(n / MAX_SLEEPERS_PER_SEMAPHORE);
}

/** Sleeper i waits on semaphore semaphoreOf(i): consecutive sleepers share one (as bench/c/wakeup.c). */
function semaphoreOf(i: number, n: number, sems: number): number {
  return Math.floor(i / Math.ceil(n / sems));
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

const UP: readonly Sembuf[] = [{ sem_num: 0, sem_op: 1, sem_flg: 0 }];

interface Stage {
  owner: Task;
  sleepers: Task[];
  id: number;
  sems: number;
  downs: Sembuf[][];
  sleep: SleepKind;
}

function stage(mode: WakeupMode, n: number, sleep: SleepKind): Stage {
  const kernel = createKernel(sleep === 'timed-manual-clock' ? { clock: new ManualClock() } : {});
  const owner = kernel.spawn({ uid: 1000, gid: 1000 });
  const sems = semaphoresFor(mode, n);
  const id = owner.semget(IPC_PRIVATE, sems, IPC_CREAT | 0o600);
  const sleepers = Array.from({ length: n }, () => kernel.spawn({ uid: 1000, gid: 1000 }));
  const downs = Array.from({ length: sems }, (_, s) => [{ sem_num: s, sem_op: -1, sem_flg: 0 }]);
  return { owner, sleepers, id, sems, downs, sleep };
}

/** Seconds of one release: elapsed, and CPU time of this thread (null where it cannot be read). */
export interface WakeupTime {
  wall: number;
  cpu: number | null;
}

function goToSleep(s: Stage, task: Task, sops: Sembuf[]): Promise<0> {
  return s.sleep === 'untimed' ? task.semop(s.id, sops) : task.semtimedop(s.id, sops, ONE_HOUR_NS);
}

/** Every sleeper goes to sleep, then the release is timed until every sleeper's semop has returned. */
async function timeOnce(s: Stage, mode: WakeupMode): Promise<WakeupTime> {
  const n = s.sleepers.length;
  let woken = 0;
  const onWoken = (): void => void woken++;
  const onFailed = (e: unknown): never => {
    throw e;
  };
  for (let i = 0; i < n; i++)
    goToSleep(s, s.sleepers[i]!, s.downs[semaphoreOf(i, n, s.sems)]!).then(onWoken, onFailed);
  const counts = Array.from({ length: s.sems }, (_, k) => s.owner.semctl(s.id, k, GETNCNT) as number);
  if (counts.reduce((a, b) => a + b, 0) !== n) throw new Error(`only ${String(counts)} of ${n} asleep`);
  await collectGarbageAndSettle();
  const c0 = threadCpuNs();
  const t0 = nowNs();
  if (mode === 'setall') s.owner.semctl(s.id, 0, SETALL, counts);
  else for (let i = 0; i < n; i++) s.owner.trySemop(s.id, UP);
  await flush();
  const wall = secondsSince(t0);
  const c1 = threadCpuNs();
  if (woken !== n) throw new Error(`${woken} of ${n} sleepers woke`);
  return { wall, cpu: c0 === null || c1 === null ? null : (c1 - c0) / 1e9 };
}

/** One untimed warm-up, then `reps` timed releases of the same N sleeping tasks. */
export async function modelWakeupTimes(
  mode: WakeupMode,
  sleep: SleepKind,
  n: number,
  reps: number,
): Promise<WakeupTime[]> {
  const s = stage(mode, n, sleep);
  await timeOnce(s, mode);
  const times: WakeupTime[] = [];
  for (let i = 0; i < reps; i++) times.push(await timeOnce(s, mode));
  return times;
}
