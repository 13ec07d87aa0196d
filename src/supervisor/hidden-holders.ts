// ipc/sem.c: exit_sem applies an undo list only when its last holder lets it go. A real task the model
// has not met (it made no call yet) may hold a list too — a thread, or a clone(CLONE_SYSVSEM) child — so
// before the model applies a list on its last known holder's exit or unshare, the real holders are
// looked for among the live threads of that process and of its children, and given the list.
import { readFileSync, readdirSync } from 'node:fs';
import type { Task } from '../kernel/index.js';
import { kcmpSysvsem } from '../host/kcmp.js';
import { threadState } from '../host/proc-task-state.js';

function tidsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

function childrenOf(pid: number, tid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const living = (pid: number, tid: number): boolean => {
  const s = threadState(pid, tid);
  return s !== null && s !== 'Z' && s !== 'X';
};

/**
 * Live threads of the task's process (none when the whole process is going: they go with it) and of
 * its child processes, other than the task itself.
 */
function nearThreads(task: Task): number[] {
  const own = tidsOf(task.tgid).filter((t) => t !== task.tid && living(task.tgid, t));
  const kids = tidsOf(task.tgid).flatMap((t) => childrenOf(task.tgid, t));
  return [...own, ...kids.flatMap((k) => tidsOf(k).filter((t) => living(k, t)))];
}

export interface HolderLookup {
  /** The known task of a tid, if the model has met it. */
  known(tid: number): Task | undefined;
  /** A thread whose real undo list is NULL (kcmp against it). */
  nullListTid: number;
  /** Makes the model task of a real thread the model has not met; null when it is gone. */
  meet(tid: number): Task | null;
  /** The model's live tasks (to tell which real lists they hold). */
  live(): Iterable<Task>;
  /** Gives `t` (which has none) the list of `from`, recorded in the journal. */
  share(t: Task, from: Task): void;
}

/**
 * The clone(CLONE_SYSVSEM) children of the processes in `cloners` that the model has not met: met now,
 * while their parent lives (kcmp then tells the list they share). A parent stays listed until one is
 * found or it has made a later call (so its clone has returned).
 */
export function meetClonedChildren(cloners: Map<number, boolean>, h: HolderLookup): void {
  for (const [tgid, returned] of cloners) {
    let found = false;
    for (const tid of tidsOf(tgid))
      for (const child of childrenOf(tgid, tid)) {
        if (h.known(child)) continue;
        found = h.meet(child) !== null || found;
      }
    if (found || returned || tidsOf(tgid).length === 0) cloners.delete(tgid);
  }
}

/**
 * Real threads that hold `task`'s undo list without the model knowing. While the task lives, kcmp
 * against it says so exactly. Once it has exited it cannot be compared any more: its holders are then
 * taken to be the threads made after it (a later id) whose list is neither NULL nor a known task's —
 * a list is shared only with the tasks its holder clones, and ids are handed out in increasing order
 * (until they wrap around at pid_max).
 */
export function hiddenHolders(task: Task, alive: boolean, h: HolderLookup): number[] {
  const out: number[] = [];
  const sameProcess = (t: number): boolean => tidsOf(task.tgid).includes(t);
  for (const tid of nearThreads(task)) {
    if (h.known(tid)) continue;
    if (kcmpSysvsem(h.nullListTid, tid) === 0) continue;
    if (alive) {
      if (kcmpSysvsem(task.tid, tid) === 0) out.push(tid);
      continue;
    }
    let other = false;
    for (const t of h.live())
      if (t !== task && t.undoList !== task.undoList && kcmpSysvsem(t.tid, tid) === 0) other = true;
    // Threads of its own process are its holders only if made after it; other processes' threads
    // (clone(CLONE_SYSVSEM) children) are, whenever they were made.
    if (!other && (tid > task.tid || !sameProcess(tid))) out.push(tid);
  }
  return out;
}

/** Gives the task's list to its hidden holders (as the model's copy_semundo would have), before it is let go. */
export function shareWithHiddenHolders(task: Task, alive: boolean, h: HolderLookup): void {
  const list = task.undoList;
  if (!list || list.refcnt !== 1 || list.head === null) return;
  for (const tid of hiddenHolders(task, alive, h)) {
    const t = h.meet(tid);
    if (!t || t.undoList !== null) continue;
    h.share(t, task);
  }
}
