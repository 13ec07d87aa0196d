// ipc/sem.c: find_alloc_undo — the caller's undo entry for a set, created on first use.
import { EINVAL } from '../abi/index.js';
import { lookupChecked } from './ipc-ids.js';
import type { Task } from './task.js';
import { UndoEntry, UndoList, linkToSet } from './undo-list.js';

// ipc/sem.c: get_undo_list
export function getUndoList(task: Task): UndoList {
  let ulp = task.undoList;
  if (!ulp) {
    ulp = new UndoList();
    task.undoList = ulp;
  }
  return ulp;
}

/** Returns the entry (moved to the front of the list) or -EINVAL when no such set exists. */
export function findAllocUndo(task: Task, semid: number): UndoEntry | number {
  const ulp = getUndoList(task);
  const found = ulp.lookup(semid);
  if (found) return found;
  const set = lookupChecked(task.ns, semid);
  if (!set) return -EINVAL;
  const un = new UndoEntry(semid, set, null);
  ulp.addFront(un);
  linkToSet(un, set);
  return un;
}
