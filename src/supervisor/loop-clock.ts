// The session's clocks: CLOCK_MONOTONIC and CLOCK_REALTIME of the machine, with timers fired by the serving loop.
import { ManualClock, type Clock, type TimerHandle } from '../lib/index.js';

/**
 * Real time, read from the machine; timers (semtimedop deadlines) wait in a heap until the serving
 * loop, which never yields to an event loop, calls fireDue() — it sleeps in epoll_wait until nextDelayMs().
 */
export class LoopClock implements Clock {
  /** A heap of timers whose monotonic time is moved to ours before each use. */
  private readonly heap = new ManualClock(0);
  /** While a journal entry is applied, the clock reads what it read when the entry was recorded. */
  private pinnedMono: bigint | null = null;
  private pinnedReal = 0;

  /**
   * `origin`: the CLOCK_MONOTONIC time (process.hrtime, the same in every process) the session's clock
   * counts from, so that every server of one session reads the same times and deadlines.
   */
  constructor(private readonly origin = process.hrtime.bigint()) {}

  monotonicNs(): bigint {
    return this.pinnedMono ?? process.hrtime.bigint() - this.origin;
  }

  realtimeSeconds(): number {
    return this.pinnedMono !== null ? this.pinnedReal : Math.floor(Date.now() / 1000);
  }

  /** The clock as a journal entry records it: monotonic ns (a Number: exact for 104 days) and realtime s. */
  reading(): { m: number; r: number } {
    return { m: Number(this.monotonicNs()), r: this.realtimeSeconds() };
  }

  pin(m: number, r: number): void {
    this.pinnedMono = BigInt(m);
    this.pinnedReal = r;
  }

  unpin(): void {
    this.pinnedMono = null;
  }

  /** Whether a timer's deadline has passed. */
  due(): boolean {
    const d = this.heap.nextDeadlineNs();
    return d !== undefined && d <= this.monotonicNs();
  }

  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle {
    return this.heap.setTimer(deadlineNs, fire);
  }

  clearTimer(handle: TimerHandle): void {
    this.heap.clearTimer(handle);
  }

  /** Fires every timer whose deadline has passed, in deadline order. */
  fireDue(): void {
    const lag = this.monotonicNs() - this.heap.monotonicNs();
    if (lag > 0n) this.heap.advance(lag);
  }

  /** Whether any timer is pending. */
  hasTimers(): boolean {
    return this.heap.pendingTimers() > 0;
  }

  /** Milliseconds until the next timer (rounded up), or -1 when there is none. */
  nextDelayMs(): number {
    const d = this.heap.nextDeadlineNs();
    if (d === undefined) return -1;
    const ns = d - this.monotonicNs();
    return ns <= 0n ? 0 : Number((ns + 999_999n) / 1_000_000n);
  }
}
