// ipc/sem.c: semctl_setval — SETVAL.
import { EACCES, EINVAL, ERANGE, SEMVMX, S_IWUGO } from '../abi/index.js';
import {
  doSmartUpdate,
  ipcperms,
  lookupChecked,
  semUnlock,
  type KernelState,
  type Task,
} from '../kernel/index.js';

export function semctlSetval(k: KernelState, task: Task, semid: number, semnum: number, val: number): number {
  if (val > SEMVMX || val < 0) return -ERANGE;
  const set = lookupChecked(task.ns, semid);
  if (!set) return -EINVAL;
  if (semnum < 0 || semnum >= set.nsems) return -EINVAL;
  if (!ipcperms(task.cred, set, S_IWUGO)) return -EACCES;
  for (let un = set.undoHead; un; un = un.setNext) un.semadj[semnum] = 0;
  set.vals[semnum] = val;
  set.pids[semnum] = task.tgid;
  set.ctime = k.now();
  doSmartUpdate(set, null, false, k.now());
  semUnlock(set);
  return 0;
}
