// ipc/sem.c: semctl_down — IPC_RMID and IPC_SET.
import { EFAULT, EINVAL, EPERM, IPC_RMID, type SemidDsSet } from '../abi/index.js';
import { freeary, ipcOwnerOrAdmin, lookupChecked, type KernelState, type Task } from '../kernel/index.js';

/** uid_t / gid_t values that map to a valid id: (uid_t)-1 is invalid (include/linux/uidgid.h). */
function validId(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < 0xffffffff;
}

export function semctlDown(
  k: KernelState,
  task: Task,
  semid: number,
  cmd: number,
  perm: SemidDsSet | undefined,
): number {
  if (cmd !== IPC_RMID && !perm) return -EFAULT;
  const set = lookupChecked(task.ns, semid);
  if (!set) return -EINVAL;
  if (!ipcOwnerOrAdmin(task.cred, set)) return -EPERM;
  if (cmd === IPC_RMID) {
    freeary(task.ns, set);
    return 0;
  }
  // ipc/util.c: ipc_update_perm
  if (!validId(perm!.uid) || !validId(perm!.gid)) return -EINVAL;
  set.uid = perm!.uid;
  set.gid = perm!.gid;
  set.mode = perm!.mode & 0o777;
  set.ctime = k.now();
  return 0;
}
