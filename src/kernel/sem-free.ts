// ipc/sem.c: freeary — IPC_RMID of a semaphore set.
import { EIDRM } from '../abi/index.js';
import { ipcRmid } from './ipc-ids.js';
import type { IpcNamespace } from './ipc-namespace.js';
import type { SemArray } from './sem-array.js';
import { finishWaiter, unlinkQueue } from './sem-queue.js';
import type { WaitQueue } from './wait-queue.js';
import type { UndoEntry } from './undo-list.js';
import type { Waiter } from './waiter.js';

function failAll(set: SemArray, q: WaitQueue<Waiter>): void {
  for (let w = q.head; w; w = q.head) {
    unlinkQueue(set, w);
    finishWaiter(w, -EIDRM);
  }
}

export function freeary(ns: IpcNamespace, set: SemArray): void {
  for (let un = set.undoHead, next: UndoEntry | null; un; un = next) {
    next = un.setNext;
    un.list?.unlink(un);
    un.semid = -1;
    un.set = null;
    un.setPrev = un.setNext = null;
  }
  set.undoHead = null;
  set.adjusted = null;
  failAll(set, set.constQ);
  failAll(set, set.alterQ);
  const per = set.semQueues;
  if (per) {
    for (let i = 0; i < per.length; i++) {
      const q = per[i];
      if (!q) continue;
      failAll(set, q.const);
      failAll(set, q.alter);
    }
  }
  set.pids.fill(0);
  ipcRmid(ns, set);
  ns.usedSems -= set.nsems;
}
