// The kernel's time source, injected so the model never reads the real clock itself.

export interface TimerHandle {
  readonly deadlineNs: bigint;
}

/** CLOCK_MONOTONIC for timeouts, CLOCK_REALTIME seconds for otime/ctime, and one-shot timers. */
export interface Clock {
  monotonicNs(): bigint;
  realtimeSeconds(): number;
  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

interface ManualTimer extends TimerHandle {
  fire: () => void;
  seq: number;
  cancelled: boolean;
}

/** A clock that moves only when told to (tests, scenarios, deterministic replays). */
export class ManualClock implements Clock {
  private mono = 0n;
  private realOffsetNs: bigint;
  private timers: ManualTimer[] = [];
  private seq = 0;

  constructor(realtimeSeconds = 1_800_000_000) {
    this.realOffsetNs = BigInt(realtimeSeconds) * 1_000_000_000n;
  }

  monotonicNs(): bigint {
    return this.mono;
  }

  realtimeSeconds(): number {
    return Number((this.mono + this.realOffsetNs) / 1_000_000_000n);
  }

  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle {
    const t: ManualTimer = { deadlineNs, fire, seq: this.seq++, cancelled: false };
    this.timers.push(t);
    return t;
  }

  clearTimer(handle: TimerHandle): void {
    (handle as ManualTimer).cancelled = true;
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** Moves time forward by `ns`, firing every timer that falls due, in deadline order. */
  advance(ns: number | bigint): void {
    const target = this.mono + BigInt(ns);
    for (;;) {
      const due = this.timers
        .filter((t) => t.deadlineNs <= target)
        .sort((a, b) =>
          a.deadlineNs === b.deadlineNs ? a.seq - b.seq : a.deadlineNs < b.deadlineNs ? -1 : 1,
        )[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.deadlineNs > this.mono) this.mono = due.deadlineNs;
      due.fire();
    }
    this.mono = target;
  }

  /** Sets the wall clock (otime/ctime); the monotonic clock is not affected. */
  setRealtime(seconds: number): void {
    this.realOffsetNs = BigInt(seconds) * 1_000_000_000n - this.mono;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/** Calls between two real reads of the wall clock inside one synchronous stretch of work. */
const COARSE_REFRESH_CALLS = 256;

/**
 * The machine's clocks, with timers on the event loop. The wall clock is coarse, as the kernel's
 * ktime_get_real_seconds() is (updated once per tick): it is re-read after every turn of the event
 * loop and every COARSE_REFRESH_CALLS reads, so a tight loop of calls does not pay for a clock read each.
 */
export class SystemClock implements Clock {
  private readonly origin = process.hrtime.bigint();
  private seconds = 0;
  private calls = 0;
  private fresh = false;

  monotonicNs(): bigint {
    return process.hrtime.bigint() - this.origin;
  }

  realtimeSeconds(): number {
    if (this.fresh && ++this.calls < COARSE_REFRESH_CALLS) return this.seconds;
    this.seconds = Math.floor(Date.now() / 1000);
    this.calls = 0;
    if (!this.fresh) {
      this.fresh = true;
      setImmediate(() => (this.fresh = false)).unref();
    }
    return this.seconds;
  }

  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle {
    const delayMs = Number(deadlineNs - this.monotonicNs()) / 1e6;
    const timeout = setTimeout(fire, Math.max(0, Math.min(delayMs, 2_147_483_647)));
    const handle = { deadlineNs, timeout };
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout((handle as TimerHandle & { timeout: ReturnType<typeof setTimeout> }).timeout);
  }
}
