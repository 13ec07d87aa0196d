// kernel/exit.c and fs/exec.c: exit, exit_group and execve, as semaphores see them.
import { doExit, doGroupExit, type KernelState, type Task } from '../kernel/index.js';

// kernel/exit.c: do_exit — this thread alone
export function sysExit(k: KernelState, task: Task): void {
  doExit(k, task);
}

// kernel/exit.c: do_group_exit — the whole process
export function sysExitGroup(k: KernelState, task: Task): void {
  doGroupExit(k, task.process, task);
}

// fs/exec.c: de_thread + flush_signal_handlers — other threads end, the undo list stays,
// caught signals go back to their default action, and the caller takes over the process id.
export function sysExecve(k: KernelState, task: Task): void {
  const proc = task.process;
  for (const t of proc.liveThreads()) if (t !== task) doExit(k, t);
  if (task.tid !== proc.tgid) {
    k.tasks.delete(task.tid);
    task.tid = proc.tgid;
    k.tasks.set(task.tid, task);
  }
  for (const [sig, d] of proc.dispositions) if (d === 'catch') proc.dispositions.delete(sig);
}
