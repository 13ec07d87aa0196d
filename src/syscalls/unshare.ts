// kernel/fork.c: ksys_unshare — CLONE_SYSVSEM and CLONE_NEWIPC (both detach the undo list first).
import { CAP_SYS_ADMIN, CLONE_NEWIPC, CLONE_SYSVSEM, EINVAL, EPERM } from '../abi/index.js';
import { capable, exitSem, type KernelState, type Task } from '../kernel/index.js';

export function sysUnshare(k: KernelState, task: Task, flags: number): number {
  if (flags & ~(CLONE_SYSVSEM | CLONE_NEWIPC)) return -EINVAL;
  if (flags & CLONE_NEWIPC && !capable(task.cred, CAP_SYS_ADMIN)) return -EPERM;
  if (flags & (CLONE_SYSVSEM | CLONE_NEWIPC)) exitSem(task, k.now());
  if (flags & CLONE_NEWIPC) task.ns = k.newNamespace();
  return 0;
}

// kernel/nsproxy.c: setns(fd, CLONE_NEWIPC) — detaches the undo list even for the same namespace
export function sysSetnsIpc(k: KernelState, task: Task, target: Task): number {
  if (!capable(task.cred, CAP_SYS_ADMIN)) return -EPERM;
  exitSem(task, k.now());
  task.ns = target.ns;
  return 0;
}
