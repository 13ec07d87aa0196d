// ipc/sem.c: how a sleeper in __do_semtimedop ends on its own — the timeout of semtimedop.
import { EAGAIN } from '../abi/index.js';
import { finishWaiter, semUnlock, unlinkQueue } from './sem-queue.js';
import { WAITING, type Waiter } from './waiter.js';

/** The hrtimer of a semtimedop fired: if the waiter still sleeps, it ends with EAGAIN. */
export function expireWaiter(w: Waiter): void {
  if (w.status !== WAITING || !w.queue) return;
  unlinkQueue(w.set, w);
  semUnlock(w.set);
  finishWaiter(w, -EAGAIN);
}
