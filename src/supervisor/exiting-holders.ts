// kernel/exit.c: do_exit runs exit_mm, then exit_sem, then exit_files, and only then exit_notify wakes the
// thread's pidfd. A program can learn of an exit from a pipe closed by exit_files, before the pidfd says
// so; on Linux the undo is already done then. So before a call that reads or changes a set's values is
// answered, every other undo list with an adjustment there whose holders are all past exit_mm (their
// memory is gone: they will not run again) is given back, as exit_sem has given it back or is about to.
import { GETALL, GETNCNT, GETPID, GETVAL, GETZCNT, SETALL, SETVAL } from '../abi/index.js';
import { adjustedEntries, type SemArray, type Task, type UndoList } from '../kernel/index.js';

export interface ExitProbe {
  /** True when the thread has no memory any more (past exit_mm) or is gone. */
  mmGone(tid: number): boolean;
  /** Applies the thread's exit, as its pidfd would have (once). */
  exited(tid: number): void;
}

/** Semaphore numbers whose values the call depends on; null: all of them. */
export type SemNums = readonly number[] | null;

/** Whether a non-zero entry adjusts one of `nums` (null: any does). */
function adjusts(semadj: Int16Array, nums: SemNums): boolean {
  if (nums === null) return true;
  for (const n of nums) if (semadj[n] !== undefined && semadj[n] !== 0) return true;
  return false;
}

/** The holders of a list found by the last scan, and its refcnt then: still all of them while both hold. */
interface Holders {
  refcnt: number;
  tasks: Task[];
}

/** The model tasks that hold each list, found by one scan of the live tasks and kept while still true. */
export class HolderIndex {
  private readonly known = new WeakMap<UndoList, Holders>();

  constructor(private readonly live: () => Iterable<Task>) {}

  private current(l: UndoList): Task[] | null {
    const h = this.known.get(l);
    if (!h || h.refcnt !== l.refcnt) return null;
    for (const t of h.tasks) if (!t.alive || t.undoList !== l) return null;
    return h.tasks;
  }

  /** The holders of each list, in the order given. */
  of(lists: readonly UndoList[]): Task[][] {
    const out = lists.map((l) => this.current(l));
    if (out.every((h) => h !== null)) return out as Task[][];
    const found = new Map<UndoList, Task[]>(lists.map((l) => [l, []]));
    for (const t of this.live()) if (t.alive && t.undoList) found.get(t.undoList)?.push(t);
    return lists.map((l) => {
      const tasks = found.get(l)!;
      this.known.set(l, { refcnt: l.refcnt, tasks });
      return tasks;
    });
  }
}

// ipc/sem.c: exit_sem of the lists whose last holders are exiting — before `caller`'s call on `set`
export function settleExitingHolders(
  set: SemArray,
  caller: Task,
  nums: SemNums,
  holders: HolderIndex,
  p: ExitProbe,
): void {
  let lists: UndoList[] | null = null;
  for (const e of adjustedEntries(set, caller.undoList)) {
    if (e.list === null || !adjusts(e.semadj, nums)) continue;
    (lists ??= []).push(e.list);
  }
  if (lists === null) return;
  for (const hs of holders.of(lists)) {
    if (hs.length === 0 || !hs.every((t) => p.mmGone(t.tid))) continue;
    for (const t of hs) p.exited(t.tid);
  }
}

/** The semaphore numbers of a semctl command that reads or changes values; undefined: it does neither. */
export function semctlNums(cmd: number, semnum: number): SemNums | undefined {
  switch (cmd) {
    case GETVAL:
    case GETPID:
    case SETVAL:
      return [semnum];
    case GETNCNT:
    case GETZCNT:
    case GETALL:
    case SETALL:
      return null;
  }
  return undefined;
}
