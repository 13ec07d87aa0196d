// ipc/sem.c: the wake-up procedure — do_smart_update and its helpers.
import type { Sembuf } from '../abi/index.js';
import { performAtomicSemop } from './perform.js';
import type { SemArray } from './sem-array.js';
import { finishWaiter, unlinkQueue } from './sem-queue.js';
import type { WaitQueue } from './wait-queue.js';
import type { Waiter } from './waiter.js';

// ipc/sem.c: the retry of a sleeper's operation in update_queue / wake_const_ops
function retry(set: SemArray, w: Waiter): number {
  const r = performAtomicSemop(set, w.sops, w.undo, w.pid, w.dupsop, w.stillWaiting);
  if (r > 0) w.blocking = r - 1;
  return r;
}

// ipc/sem.c: wake_const_ops
function wakeConstOps(set: SemArray, q: WaitQueue<Waiter>): boolean {
  let completed = false;
  for (let w: Waiter | null = q.head; w;) {
    const next = w.qnext as Waiter | null;
    const r = retry(set, w);
    if (r <= 0) {
      unlinkQueue(set, w);
      finishWaiter(w, r);
      if (r === 0) completed = true;
    }
    w = next;
  }
  return completed;
}

// ipc/sem.c: do_smart_wakeup_zero — sops null means every semaphore
export function wakeZero(set: SemArray, sops: readonly Sembuf[] | null): boolean {
  const perSem = set.semQueues;
  if (perSem === null && set.constQ.head === null) return false;
  let gotZero = false;
  let completed = false;
  const n = sops ? sops.length : set.nsems;
  for (let i = 0; i < n; i++) {
    const num = sops ? sops[i]!.sem_num : i;
    if (set.vals[num] !== 0) continue;
    gotZero = true;
    const q = perSem?.[num]?.const;
    if (q && q.head) completed = wakeConstOps(set, q) || completed;
  }
  if (gotZero && set.constQ.head) completed = wakeConstOps(set, set.constQ) || completed;
  return completed;
}

// ipc/sem.c: check_restart
function checkRestart(set: SemArray, w: Waiter): boolean {
  return set.alterQ.head !== null || w.nsops > 1;
}

// ipc/sem.c: update_queue — semnum -1 scans the global alter queue
function updateQueue(set: SemArray, semnum: number): boolean {
  const q = semnum < 0 ? set.alterQ : set.semQueues?.[semnum]?.alter;
  if (!q || !q.head) return false;
  let completed = false;
  for (let w: Waiter | null = q.head; w;) {
    const next = w.qnext as Waiter | null;
    if (semnum >= 0 && set.vals[semnum] === 0) break;
    const r = retry(set, w);
    if (r > 0) {
      w = next;
      continue;
    }
    unlinkQueue(set, w);
    let restart = false;
    if (r === 0) {
      completed = true;
      wakeZero(set, w.sops);
      restart = checkRestart(set, w);
    }
    finishWaiter(w, r);
    w = restart ? q.head : next;
  }
  return completed;
}

// ipc/sem.c: do_smart_update — sops null for SETVAL/SETALL/exit (every semaphore)
export function doSmartUpdate(
  set: SemArray,
  sops: readonly Sembuf[] | null,
  forceOtime: boolean,
  now: number,
): void {
  let otime = wakeZero(set, sops) || forceOtime;
  if (set.alterQ.head) {
    otime = updateQueue(set, -1) || otime;
  } else if (set.semQueues !== null) {
    if (!sops) {
      for (let i = 0; i < set.nsems; i++) otime = updateQueue(set, i) || otime;
    } else {
      for (const sop of sops) if (sop.sem_op > 0) otime = updateQueue(set, sop.sem_num) || otime;
    }
  }
  if (otime) set.otimes[sops ? sops[0]!.sem_num : 0] = now;
}
