// kernel/exit.c: do_exit and do_group_exit, as far as semaphores are concerned.
import { exitSem } from './sem-exit.js';
import { semUnlock, unlinkQueue } from './sem-queue.js';
import type { KernelState } from './kernel-state.js';
import type { Process, Task } from './task.js';

/** A sleeping semop of a task that stops existing: unlinked, never returns. */
export function abandonWait(task: Task): void {
  const w = task.waiter;
  if (!w) return;
  task.waiter = null;
  w.onFinish = null;
  if (w.queue) {
    unlinkQueue(w.set, w);
    semUnlock(w.set);
  }
}

// kernel/exit.c: do_exit — one task ends; exit_sem runs for it
export function doExit(k: KernelState, task: Task): void {
  if (!task.alive) return;
  abandonWait(task);
  task.heldWaiter = null;
  task.heldStatus = null;
  exitSem(task, k.now());
  const proc = task.process;
  proc.threadExited(task);
  k.tasks.delete(task.tid);
  if (proc.liveThreadCount === 0) {
    proc.alive = false;
    k.processes.delete(proc.tgid);
  }
}

// kernel/exit.c: do_group_exit — the caller first, then the other threads in creation order
export function doGroupExit(k: KernelState, proc: Process, first?: Task): void {
  if (first) doExit(k, first);
  for (const t of proc.liveThreads()) doExit(k, t);
}
