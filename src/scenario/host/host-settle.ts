// When the real kernel has settled: every task with a call in flight has answered or sleeps inside
// semop/semtimedop (or is stopped), no signal waits to be delivered, no process is half dead.
// The kernel is asked through /proc; nothing is guessed from time.
import { pendingSignals, threadState } from '../../host/proc-task-state.js';
import type { SleepProbe } from './sleep-probe.js';
import { checkProcDeath, nowNs, type HostProc, type HostTask } from './host-world.js';

/** How late past its timeout a semtimedop may still be found asleep (timer slack, scheduling). */
const TIMEOUT_GRACE_NS = 5_000_000n;

/** Is this in-flight call settled: answered, or asleep where it may stay? */
export function callSettled(t: HostTask, probe: SleepProbe): boolean {
  const f = t.inflight;
  if (!f || f.reply !== undefined || !t.alive) return true;
  if (f.mustAnswer) return false;
  if (f.deadlineNs !== null && nowNs() >= f.deadlineNs + TIMEOUT_GRACE_NS) return false;
  return probe.asleep(t.proc.pid, t.tid) || threadState(t.proc.pid, t.tid) === 'T';
}

/** What still moves (for a message), or null when everything has settled. */
export function unsettled(
  procs: Iterable<HostProc>,
  tasks: readonly HostTask[],
  probe: SleepProbe,
): string | null {
  for (const p of procs) {
    if (checkProcDeath(p, tasks)) continue;
    const main = threadState(p.pid, p.pid);
    if (main === null || main === 'Z') return `process ${p.pid} is exiting`;
    const sig = pendingSignals(p.pid, p.pid);
    if (sig && sig.shared !== 0n && main !== 'T') return `process ${p.pid} has a signal to handle`;
    if (p.stopping) {
      const moving = tasks.find((t) => t.proc === p && t.alive && threadState(p.pid, t.tid) !== 'T');
      if (moving) return `task ${moving.label} is on its way to stop`;
    }
  }
  for (const t of tasks) {
    if (t.alive && t.tid !== t.proc.pid && threadState(t.proc.pid, t.tid) === null) t.alive = false;
    if (!callSettled(t, probe))
      return `task ${t.label} has a call in flight (thread state ${threadState(t.proc.pid, t.tid)})`;
  }
  return null;
}
