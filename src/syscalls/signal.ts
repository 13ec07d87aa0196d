// kernel/signal.c: rt_sigaction and kill.
import { EINVAL, EPERM, ESRCH, isUncatchable, CAP_SYS_ADMIN } from '../abi/index.js';
import { capable, deliverSignal, type Disposition, type KernelState, type Task } from '../kernel/index.js';

const NSIG = 64;

export function sysSigaction(task: Task, sig: number, action: Disposition): number {
  if (sig < 1 || sig > NSIG || isUncatchable(sig)) return -EINVAL;
  if (action === 'default') task.process.dispositions.delete(sig);
  else task.process.dispositions.set(sig, action);
  return 0;
}

// kernel/signal.c: kill_ok_by_cred — root, or a real/effective uid matching the target's real/saved uid
function mayKill(sender: Task, target: Task): boolean {
  const s = sender.cred;
  const t = target.cred;
  if (capable(s, CAP_SYS_ADMIN) || s.euid === 0) return true;
  return s.euid === t.suid || s.euid === t.uid || s.uid === t.suid || s.uid === t.uid;
}

/** kill(pid, sig) from `sender` (null: from outside the machine, always allowed). */
export function sysKill(k: KernelState, sender: Task | null, pid: number, sig: number): number {
  if (sig < 0 || sig > NSIG) return -EINVAL;
  const proc = k.processes.get(pid);
  const target = proc?.firstLiveThread();
  if (!proc || !target) return -ESRCH;
  if (sender && !mayKill(sender, target)) return -EPERM;
  if (sig === 0) return 0;
  deliverSignal(k, proc, sig);
  return 0;
}
