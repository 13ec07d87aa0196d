// The write side of /proc/self/semundo, step two: every line checked, then all applied (or none).
import { EACCES, EINVAL, ERANGE, SEMADJ_MAX, SEMADJ_MIN, S_IWUGO } from '../abi/index.js';
import { findAllocUndo, ipcperms, lookupChecked, type Task, type UndoEntry } from '../kernel/index.js';

export interface UndoLine {
  semid: number;
  nsems: number;
  semadj: readonly number[];
}

/**
 * Whether the line gives the writer's entry for its set other adjustments than it has now (a missing
 * entry counts as all zero). Only such a line needs alter permission: Linux itself gives a task a zero
 * entry without any permission check (find_alloc_undo runs before ipcperms in semtimedop), and a line
 * that leaves the entry as it is changes nothing the task's exit gives back.
 */
function changesEntry(task: Task, line: UndoLine): boolean {
  const current = task.undoList?.find(line.semid)?.semadj;
  return line.semadj.some((a, i) => a !== (current ? current[i] : 0));
}

/** Checks one line against the writer's namespace and rights: 0 or a negative errno. */
function checkLine(task: Task, line: UndoLine, seen: Set<number>): number {
  const set = lookupChecked(task.ns, line.semid);
  if (!set) return -EINVAL;
  if (line.nsems !== set.nsems || line.semadj.length !== set.nsems) return -EINVAL;
  for (const a of line.semadj) if (a < SEMADJ_MIN || a > SEMADJ_MAX) return -ERANGE;
  if (changesEntry(task, line) && !ipcperms(task.cred, set, S_IWUGO)) return -EACCES;
  if (seen.has(line.semid)) return -EINVAL;
  seen.add(line.semid);
  return 0;
}

/**
 * Replaces the adjustments of each named set in the writer's undo list (creating entries as needed).
 * The named entries end up at the front of the list in the order of the lines, so writing back what
 * was read reproduces the list exactly. Values, sempid, times and sleepers are not touched.
 */
export function sysSemundoWrite(task: Task, lines: readonly UndoLine[]): number {
  const seen = new Set<number>();
  for (const line of lines) {
    const err = checkLine(task, line, seen);
    if (err) return err;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const un = findAllocUndo(task, line.semid) as UndoEntry;
    un.semadj.set(line.semadj);
    un.set?.adjusted?.add(un);
  }
  return 0;
}
