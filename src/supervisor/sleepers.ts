// ipc/sem.c: __do_semtimedop's sleep, for a real thread — its notification is held (a killable wait, so
// the answer always reaches it) until the model finishes its waiter, a timer fires, or a signal is seen.
import { EINTR } from '../abi/index.js';
import {
  WAITING,
  blockedOn,
  expireWaiter,
  finishWaiter,
  semUnlock,
  unlinkQueue,
  type SemArray,
  type Task,
  type Waiter,
} from '../kernel/index.js';
import { readThreadStatus } from '../host/proc-status.js';
import { threadState } from '../host/proc-task-state.js';
import type { Listener, NotificationId } from '../host/seccomp-listener.js';
import type { TimerHandle } from '../lib/index.js';
import type { LoopClock } from './loop-clock.js';
import { interruptingSignals } from './signal-check.js';

interface Sleeper {
  id: NotificationId;
  task: Task;
  waiter: Waiter;
  timer: TimerHandle | null;
  /** Process-directed signals seen pending at the last look (a running thread may take them first). */
  sharedSeen: bigint;
}

/** Sleepers are looked at least this often; more of them are looked at less often (≤ ~10% of a CPU). */
const MIN_POLL_MS = 2;
const POLL_COST_FACTOR = 10;

export class Sleepers {
  private readonly byTask = new Map<Task, Sleeper>();
  private nextPollAt = 0;
  private pollMs = MIN_POLL_MS;

  constructor(
    private readonly listener: Listener,
    private readonly clock: LoopClock,
    /** A signal or a stop ends the sleep of `task`: the serving loop records it, then calls interruptTask. */
    private readonly interrupted: (task: Task) => void,
    /** Whether the thread is still in the call of notification `id` (false: it was killed), as recorded. */
    private readonly stillWaiting: (task: Task, id: NotificationId) => boolean,
  ) {}

  get count(): number {
    return this.byTask.size;
  }

  /** The call of notification `id` sleeps in waiter `w`: answered when the waiter finishes. */
  add(n: NotificationId, task: Task, w: Waiter): void {
    const id = { idLo: n.idLo, idHi: n.idHi };
    const timer = w.deadlineNs !== null ? this.clock.setTimer(w.deadlineNs, () => expireWaiter(w)) : null;
    const s: Sleeper = { id, task, waiter: w, timer, sharedSeen: 0n };
    this.byTask.set(task, s);
    w.stillWaiting = () => this.stillWaiting(task, id);
    w.onFinish = (status) => {
      if (s.timer) this.clock.clearTimer(s.timer);
      this.byTask.delete(task);
      this.listener.answer(id, 0, -status);
    };
    if (this.byTask.size === 1) this.nextPollAt = Date.now() + this.pollMs;
  }

  /**
   * The call of notification `n` would sleep in `w`, but a signal already ended its sleep (see
   * WithdrawnCalls): it ends at once with EINTR, the waiter leaving the queue it was put in.
   */
  addInterrupted(n: NotificationId, task: Task, w: Waiter): void {
    this.add(n, task, w);
    this.interrupt(this.byTask.get(task)!);
  }

  /** An 'intr' entry: the sleep of `task` ends with EINTR. */
  interruptTask(task: Task): void {
    const s = this.byTask.get(task);
    if (s) this.interrupt(s);
  }

  /**
   * Before the sleepers of `set` on `semnum` are counted (GETNCNT, or GETZCNT with `zero`): those
   * killed in their sleep have left their queue, as on Linux they leave it at their wakeup, before they
   * exit. `exiting` tells a killed thread by its memory, gone at exit_mm, before exit_files closes the
   * descriptors whose EOF a program can learn of the kill from: one process_vm_readv each, where
   * ID_VALID would search every notification held.
   */
  interruptKilled(set: SemArray, semnum: number, zero: boolean, exiting: (tid: number) => boolean): void {
    const killed: Task[] = [];
    for (const s of this.byTask.values()) {
      // Only the sleepers the count is made of.
      if (s.waiter.set === set && blockedOn(s.waiter, semnum, zero) && exiting(s.task.tid))
        killed.push(s.task);
    }
    for (const t of killed) this.interrupted(t);
  }

  /** The notification `task` sleeps in, if it sleeps. */
  idOf(task: Task): NotificationId | undefined {
    return this.byTask.get(task)?.id;
  }

  /** Each sleeper as tid and notification id, for a snapshot. */
  entries(): [number, number, number][] {
    return [...this.byTask.values()].map((s) => [s.task.tid, s.id.idLo, s.id.idHi]);
  }

  /** The task is gone (its exit abandons the waiter): nothing is answered. */
  forget(task: Task): void {
    const s = this.byTask.get(task);
    if (!s) return;
    if (s.timer) this.clock.clearTimer(s.timer);
    this.byTask.delete(task);
  }

  /** Ends a sleep with EINTR, as a signal does (ipc/sem.c: the signal_pending exit). */
  private interrupt(s: Sleeper): void {
    const w = s.waiter;
    if (w.status !== WAITING || !w.queue) return;
    unlinkQueue(w.set, w);
    semUnlock(w.set);
    finishWaiter(w, -EINTR);
  }

  /** Whether another thread of the task's process (its leader, or one the model knows) is stopped. */
  private groupStopping(task: Task): boolean {
    const others = task.process
      .liveThreads()
      .filter((t) => t !== task)
      .map((t) => t.tid);
    if (task.tid !== task.tgid && !others.includes(task.tgid)) others.push(task.tgid);
    return others.some((tid) => {
      const st = threadState(task.tgid, tid);
      return st === 'T' || st === 't';
    });
  }

  /** Milliseconds until the next look at the sleepers' signals, or -1 when none sleeps. */
  pollDelayMs(): number {
    if (this.byTask.size === 0) return -1;
    return Math.max(0, this.nextPollAt - Date.now());
  }

  pollIfDue(): void {
    if (this.byTask.size > 0 && Date.now() >= this.nextPollAt) this.pollNow();
  }

  /**
   * Looks at every sleeper's pending signals: a thread-directed one that would interrupt it ends its
   * sleep; a process-directed one does once it is still pending at a second look (or at once in a
   * one-thread process), for one sleeper of the process, as complete_signal picks one thread.
   */
  pollNow(): void {
    const started = Date.now();
    const takenShared = new Set<number>();
    for (const s of [...this.byTask.values()]) {
      const st = readThreadStatus(s.task.tid);
      if (typeof st === 'number') continue;
      if (interruptingSignals(st, st.sigPnd) !== 0n) {
        this.interrupted(s.task);
        continue;
      }
      // A group stop another thread has begun (it took the SIGSTOP) waits for this one to stop too.
      if (this.groupStopping(s.task)) {
        this.interrupted(s.task);
        continue;
      }
      const shared = interruptingSignals(st, st.shdPnd);
      const single = s.task.process.liveThreadCount === 1;
      const ripe = single ? shared : shared & s.sharedSeen;
      s.sharedSeen = shared;
      if (ripe !== 0n && !takenShared.has(s.task.tgid)) {
        takenShared.add(s.task.tgid);
        this.interrupted(s.task);
      }
    }
    const took = Date.now() - started;
    this.pollMs = Math.max(MIN_POLL_MS, took * POLL_COST_FACTOR);
    this.nextPollAt = Date.now() + this.pollMs;
  }
}
