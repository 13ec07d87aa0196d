// ipc/sem.c: count_semcnt — semncnt / semzcnt of one semaphore, counted from the queues.
import type { SemArray } from './sem-array.js';
import type { WaitQueue } from './wait-queue.js';
import type { Waiter } from './waiter.js';

// ipc/sem.c: check_qop — whether the sleeper counts in semncnt (or semzcnt) of semaphore semnum
export function blockedOn(w: Waiter, semnum: number, countZero: boolean): boolean {
  const sop = w.sops[w.blocking]!;
  return sop.sem_num === semnum && (countZero ? sop.sem_op === 0 : sop.sem_op < 0);
}

function countBlockedOn(q: WaitQueue<Waiter>, semnum: number, countZero: boolean): number {
  let n = 0;
  for (let w = q.head; w; w = w.qnext as Waiter | null) if (blockedOn(w, semnum, countZero)) n++;
  return n;
}

export function countSemcnt(set: SemArray, semnum: number, countZero: boolean): number {
  const per = set.semQueues?.[semnum];
  let n = per ? (countZero ? per.const.size : per.alter.size) : 0;
  n += countBlockedOn(set.alterQ, semnum, countZero);
  if (countZero) n += countBlockedOn(set.constQ, semnum, countZero);
  return n;
}
