// ipc/sem.c: queueing of sleeping operations — enqueue, unlink_queue, merge_queues, unmerge_queues.
import type { SemArray } from './sem-array.js';
import type { Waiter } from './waiter.js';

// ipc/sem.c: the queueing part of __do_semtimedop
export function enqueueWaiter(set: SemArray, w: Waiter): void {
  if (w.nsops === 1) {
    const num = w.sops[0]!.sem_num;
    if (!w.alter) set.queuesOf(num).const.push(w);
    else if (set.complexCount) set.alterQ.push(w);
    else set.queuesOf(num).alter.push(w);
    return;
  }
  if (!set.complexCount) mergeQueues(set);
  (w.alter ? set.alterQ : set.constQ).push(w);
  set.complexCount++;
}

// ipc/sem.c: unlink_queue
export function unlinkQueue(set: SemArray, w: Waiter): void {
  w.queue!.remove(w);
  if (w.nsops > 1) set.complexCount--;
}

// ipc/sem.c: merge_queues — every per-semaphore alter queue onto the front of the global one
function mergeQueues(set: SemArray): void {
  const all = set.semQueues;
  if (!all) return;
  for (let i = 0; i < all.length; i++) all[i]?.alter.spliceToFront(set.alterQ);
}

// ipc/sem.c: unmerge_queues — back to per-semaphore queues once no complex op sleeps
function unmergeQueues(set: SemArray): void {
  if (set.complexCount) return;
  for (let w = set.alterQ.head; w; w = set.alterQ.head) {
    set.alterQ.remove(w);
    set.queuesOf(w.sops[0]!.sem_num).alter.push(w);
  }
}

// ipc/sem.c: sem_unlock with the global lock held
export function semUnlock(set: SemArray): void {
  if (set.complexCount === 0 && set.alterQ.head) unmergeQueues(set);
}

// ipc/sem.c: wake_up_sem_queue_prepare — the sleeper's result is final from here on
export function finishWaiter(w: Waiter, status: number): void {
  w.status = status;
  if (w.task.waiter === w) w.task.waiter = null;
  const cb = w.onFinish;
  w.onFinish = null;
  if (cb) cb(status);
}
