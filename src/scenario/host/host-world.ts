// The runner's view of one scenario on the real kernel: its processes and tasks, and the calls in flight.
import type { AgentReply, SignalMap } from '../../host/agent-protocol.js';
import { reapIfDead } from '../../host/reaping.js';
import { threadIds, threadState } from '../../host/proc-task-state.js';
import type { AgentLink } from './agent-link.js';
import type { AgentHandle } from './agent-process.js';
import type { SleepProbe } from './sleep-probe.js';

export interface HostProc {
  pid: number;
  /** The agent process the runner started (null for a process made by clone+exec of a task). */
  agent: AgentHandle | null;
  /** Dispositions the scenario set: fork copies them, exec turns caught ones back to default. */
  signals: SignalMap;
  dead: boolean;
  /**
   * True when the process started by executing Node with an undo list it already held (clone with
   * CLONE_SYSVSEM, or exec): Node's own threads then share that list too.
   */
  inheritedList: boolean;
  /** Sent SIGSTOP and not yet SIGCONT: the kernel has settled only once all its tasks are stopped. */
  stopping: boolean;
}

export interface InFlight {
  sentNs: bigint;
  /** Calls that are waited for: anything but semop/semtimedop, and semtimedop with a short timeout. */
  mustAnswer: boolean;
  /** For semtimedop with a timeout: when it expires at the latest (since it was sent). */
  deadlineNs: bigint | null;
  /** undefined while unanswered; null if the connection closed instead. */
  reply: AgentReply | null | undefined;
}

export interface HostTask {
  label: string;
  proc: HostProc;
  tid: number;
  link: AgentLink;
  alive: boolean;
  inflight: InFlight | null;
  /** How the backend tells that the task's thread sleeps in semop. */
  probe: SleepProbe;
}

export const nowNs = (): bigint => process.hrtime.bigint();

/** How long anything may take on the host before the run is declared stuck. */
export const STUCK_MS = 15_000;

/** True when every thread of the process is gone or a zombie (so every one of them ran exit_sem). */
export function processGone(pid: number): boolean {
  const tids = threadIds(pid);
  return tids.every((t) => {
    const s = threadState(pid, t);
    return s === null || s === 'Z' || s === 'X';
  });
}

/**
 * Finds out whether the process has died: the runner's own children when their exit was collected,
 * other processes when all their threads are gone (a zombie reparented to the runner is reaped).
 */
export function checkProcDeath(p: HostProc, tasks: Iterable<HostTask>): boolean {
  if (p.dead) return true;
  const dead = p.agent ? p.agent.hasExited : processGone(p.pid);
  if (!dead) return false;
  if (!p.agent) reapIfDead(p.pid);
  p.dead = true;
  for (const t of tasks) if (t.proc === p) t.alive = false;
  return true;
}

/** A pause in a wait loop: the first few let I/O in, then 1 ms. */
export function pause(round: number): Promise<void> {
  return new Promise((r) => (round < 20 ? setImmediate(r) : setTimeout(r, 1)));
}
