// ipc/sem.c: exit_sem — a task lets go of its undo list; the last holder applies it.
import { SEMVMX } from '../abi/index.js';
import { doSmartUpdate } from './sem-wakeup.js';
import { semUnlock } from './sem-queue.js';
import { unlinkFromSet } from './undo-list.js';
import type { Task } from './task.js';

export function exitSem(task: Task, now: number): void {
  const ulp = task.undoList;
  if (!ulp) return;
  task.undoList = null;
  if (--ulp.refcnt > 0) return;
  for (let un = ulp.head; un; un = ulp.head) {
    ulp.unlink(un);
    const set = un.set;
    if (un.semid === -1 || !set || set.deleted) continue;
    unlinkFromSet(un, set);
    un.set = null;
    const tgid = task.tgid;
    for (let i = 0; i < set.nsems; i++) {
      const adj = un.semadj[i]!;
      if (adj === 0) continue;
      const v = set.vals[i]! + adj;
      set.vals[i] = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
      set.pids[i] = tgid;
    }
    doSmartUpdate(set, null, true, now);
    semUnlock(set);
  }
}
