// ipc/sem.c: semctl_main — GETALL, SETALL, GETVAL, GETPID, GETNCNT, GETZCNT.
import {
  EACCES,
  EFAULT,
  EINVAL,
  ERANGE,
  GETALL,
  GETNCNT,
  GETPID,
  GETVAL,
  GETZCNT,
  SETALL,
  SEMVMX,
} from '../abi/index.js';
import { S_IRUGO, S_IWUGO } from '../abi/index.js';
import {
  countSemcnt,
  doSmartUpdate,
  ipcperms,
  lookupChecked,
  semUnlock,
  type KernelState,
  type SemArray,
  type Task,
} from '../kernel/index.js';

// ipc/sem.c: the SETALL branch of semctl_main
function setAll(k: KernelState, task: Task, set: SemArray, values: readonly number[] | undefined): number {
  if (!values || values.length < set.nsems) return -EFAULT;
  for (let i = 0; i < set.nsems; i++) {
    const v = values[i]!;
    if (v < 0 || v > SEMVMX) return -ERANGE;
  }
  for (let i = 0; i < set.nsems; i++) {
    set.vals[i] = values[i]!;
    set.pids[i] = task.tgid;
  }
  for (let un = set.undoHead; un; un = un.setNext) un.semadj.fill(0);
  set.ctime = k.now();
  doSmartUpdate(set, null, false, k.now());
  semUnlock(set);
  return 0;
}

export function semctlMain(
  k: KernelState,
  task: Task,
  semid: number,
  semnum: number,
  cmd: number,
  values?: readonly number[],
): number | number[] {
  const set = lookupChecked(task.ns, semid);
  if (!set) return -EINVAL;
  if (!ipcperms(task.cred, set, cmd === SETALL ? S_IWUGO : S_IRUGO)) return -EACCES;
  if (cmd === GETALL) return Array.from(set.vals);
  if (cmd === SETALL) return setAll(k, task, set, values);
  if (semnum < 0 || semnum >= set.nsems) return -EINVAL;
  switch (cmd) {
    case GETVAL:
      return set.vals[semnum]!;
    case GETPID:
      return set.pids[semnum]!;
    case GETNCNT:
      return countSemcnt(set, semnum, false);
    case GETZCNT:
      return countSemcnt(set, semnum, true);
  }
  return -EINVAL;
}
