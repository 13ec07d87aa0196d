// ipc/sem.c: semctl_stat — IPC_STAT, SEM_STAT and SEM_STAT_ANY.
import { EACCES, EINVAL, IPC_STAT, SEM_STAT, S_IRUGO, type SemidDs } from '../abi/index.js';
import { ipcperms, lookupByIndex, lookupChecked, type SemArray, type Task } from '../kernel/index.js';

/** The structure, plus the id the call returns (SEM_STAT*) or was given (IPC_STAT). */
export interface SemStat extends SemidDs {
  id: number;
}

// ipc/util.c: kernel_to_ipc64_perm + ipc/sem.c: get_semotime
export function semidDs(set: SemArray): SemStat {
  return {
    id: set.id,
    sem_perm: {
      key: set.key,
      uid: set.uid,
      gid: set.gid,
      cuid: set.cuid,
      cgid: set.cgid,
      mode: set.mode,
      seq: set.seq,
    },
    sem_otime: set.otime(),
    sem_ctime: set.ctime,
    sem_nsems: set.nsems,
  };
}

export function semctlStat(task: Task, semid: number, cmd: number): SemStat | number {
  const set = cmd === IPC_STAT ? lookupChecked(task.ns, semid) : lookupByIndex(task.ns, semid);
  if (!set) return -EINVAL;
  if ((cmd === IPC_STAT || cmd === SEM_STAT) && !ipcperms(task.cred, set, S_IRUGO)) return -EACCES;
  return semidDs(set);
}
