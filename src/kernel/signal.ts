// kernel/signal.c: delivery of a process-directed signal to a process whose tasks may sleep in semop.
import { EINTR, SIGCONT, SIGKILL, SIGSTOP, defaultAction } from '../abi/index.js';
import { doGroupExit } from './exit.js';
import type { KernelState } from './kernel-state.js';
import { finishWaiter, semUnlock, unlinkQueue } from './sem-queue.js';
import type { Process, Task } from './task.js';

/** A sleeping semop ends with EINTR (ipc/sem.c: the signal_pending exit of __do_semtimedop). */
function interrupt(task: Task, hold: boolean): void {
  const w = task.waiter;
  if (!w) return;
  unlinkQueue(w.set, w);
  semUnlock(w.set);
  if (hold) {
    task.waiter = null;
    task.heldWaiter = w;
    task.heldStatus = -EINTR;
  } else {
    finishWaiter(w, -EINTR);
  }
}

// kernel/signal.c: complete_signal — the main thread if it can take it, else the first other live thread
function pickTarget(proc: Process): Task | undefined {
  return proc.leader ?? proc.firstLiveThread();
}

// kernel/signal.c: do_signal_stop / the SIGCONT half of prepare_signal
function stopProcess(proc: Process): void {
  if (proc.stopped) return;
  proc.stopped = true;
  for (const t of proc.liveThreads()) interrupt(t, true);
}

function continueProcess(proc: Process): void {
  if (!proc.stopped) return;
  proc.stopped = false;
  for (const t of proc.liveThreads()) {
    const w = t.heldWaiter;
    if (w === null) continue;
    const status = t.heldStatus ?? -EINTR;
    t.heldWaiter = null;
    t.heldStatus = null;
    finishWaiter(w, status);
  }
}

// kernel/signal.c: send_signal + get_signal, collapsed: the signal's effect happens at once
export function deliverSignal(k: KernelState, proc: Process, sig: number): void {
  if (!proc.alive) return;
  if (sig === SIGKILL) return doGroupExit(k, proc);
  if (sig === SIGCONT) continueProcess(proc);
  if (sig === SIGSTOP) return stopProcess(proc);
  const disp = proc.dispositions.get(sig) ?? 'default';
  if (disp === 'ignore') return;
  if (disp === 'catch') {
    if (proc.stopped) return;
    const t = pickTarget(proc);
    if (t) interrupt(t, false);
    return;
  }
  const action = defaultAction(sig);
  if (action === 'terminate') doGroupExit(k, proc);
  else if (action === 'stop') stopProcess(proc);
}
