// ipc/sem.c: ksys_semget, newary; ipc/util.c: ipcget_public — find or create a semaphore set.
import { EACCES, EEXIST, EINVAL, ENOENT, ENOSPC, IPC_CREAT, IPC_EXCL, IPC_PRIVATE } from '../abi/index.js';
import { SemArray, ipcAddId, ipcperms, type KernelState, type Task } from '../kernel/index.js';

// ipc/sem.c: newary
function newary(k: KernelState, task: Task, key: number, nsems: number, semflg: number): number {
  const ns = task.ns;
  if (nsems === 0) return -EINVAL;
  if (ns.usedSems + nsems > ns.limits.semmns) return -ENOSPC;
  const { euid, egid } = task.cred;
  const set = new SemArray(key, nsems, semflg & 0o777, euid, egid, euid, egid, k.now());
  if (!ipcAddId(ns, set, ns.limits.semmni)) return -ENOSPC;
  ns.usedSems += nsems;
  return set.id;
}

/** Returns the set id, or a negative errno. */
export function sysSemget(k: KernelState, task: Task, key: number, nsems: number, semflg: number): number {
  const ns = task.ns;
  if (nsems < 0 || nsems > ns.limits.semmsl) return -EINVAL;
  if (key === IPC_PRIVATE) return newary(k, task, key, nsems, semflg);
  const set = ns.keys.get(key);
  if (!set) {
    if (!(semflg & IPC_CREAT)) return -ENOENT;
    return newary(k, task, key, nsems, semflg);
  }
  if (semflg & IPC_CREAT && semflg & IPC_EXCL) return -EEXIST;
  if (nsems > set.nsems) return -EINVAL;
  if (!ipcperms(task.cred, set, semflg)) return -EACCES;
  return set.id;
}
