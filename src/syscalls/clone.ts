// kernel/fork.c: copy_process, as far as semaphores care — new processes and threads.
import { CAP_SYS_ADMIN, EINVAL, EPERM } from '../abi/index.js';
import { capable, exitSem, getUndoList, type KernelState, type Task } from '../kernel/index.js';

export interface CloneOptions {
  /** CLONE_THREAD: a new thread of the caller's process. */
  thread: boolean;
  /** CLONE_SYSVSEM: share the caller's undo list (created in the caller now if it has none). */
  sysvsem: boolean;
  /** CLONE_NEWIPC: the child starts in a new, empty IPC namespace. */
  newipc?: boolean;
}

// ipc/sem.c: copy_semundo
function copySemundo(parent: Task, child: Task, sysvsem: boolean): void {
  if (!sysvsem) return;
  const ulp = getUndoList(parent);
  ulp.refcnt++;
  child.undoList = ulp;
}

/** Returns the new task, or a negative errno. */
export function sysClone(k: KernelState, parent: Task, opts: CloneOptions): Task | number {
  if (opts.newipc && opts.sysvsem) return -EINVAL;
  if (opts.newipc && !capable(parent.cred, CAP_SYS_ADMIN)) return -EPERM;
  if (opts.thread) {
    const t = k.newThread(parent);
    copySemundo(parent, t, opts.sysvsem);
    return t;
  }
  const ns = opts.newipc ? k.newNamespace() : parent.ns;
  const child = k.newProcess(parent.cred, ns);
  for (const [sig, d] of parent.process.dispositions) child.process.dispositions.set(sig, d);
  copySemundo(parent, child, opts.sysvsem);
  return child;
}

/** A new thread that starts by calling unshare(CLONE_SYSVSEM) (a thread with its own undo list). */
export function sysCloneThreadOwnUndo(k: KernelState, parent: Task): Task {
  const t = sysClone(k, parent, { thread: true, sysvsem: true }) as Task;
  exitSem(t, k.now());
  return t;
}
