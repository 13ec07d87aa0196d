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
  readonly fire: () => void;
  /** Order of setting: breaks ties between equal deadlines. */
  readonly seq: number;
  readonly clock: ManualClock;
  /** Set and neither fired nor cleared yet. */
  pending: boolean;
}

/** a fires before b: earlier deadline, or the same deadline and set earlier. */
function firesBefore(a: ManualTimer, b: ManualTimer): boolean {
  return a.deadlineNs === b.deadlineNs ? a.seq < b.seq : a.deadlineNs < b.deadlineNs;
}

/** Below this heap size cleared timers are left to be dropped when they reach the top. */
const MIN_COMPACT_SIZE = 64;

/**
 * A clock that moves only when told to (tests, scenarios, deterministic replays). Its timers sit in a
 * binary min-heap ordered by (deadline, order of setting); a cleared timer stays in the heap, marked,
 * until it reaches the top or the heap is rebuilt without the cleared ones (when they outnumber the
 * pending ones), so setting, clearing and firing a timer cost O(log N) amortised.
 */
export class ManualClock implements Clock {
  private mono = 0n;
  private realOffsetNs: bigint;
  private heap: ManualTimer[] = [];
  /** Timers in the heap that are still pending; the rest of the heap has been cleared. */
  private pending = 0;
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
    const t: ManualTimer = { deadlineNs, fire, seq: this.seq++, clock: this, pending: true };
    this.heap.push(t);
    this.siftUp(this.heap.length - 1);
    this.pending++;
    return t;
  }

  /** Harmless for a timer that has fired or was cleared already. */
  clearTimer(handle: TimerHandle): void {
    const t = handle as ManualTimer;
    if (t.clock !== this || !t.pending) return;
    t.pending = false;
    this.pending--;
    const cleared = this.heap.length - this.pending;
    if (cleared > this.pending && this.heap.length >= MIN_COMPACT_SIZE) this.compact();
  }

  /**
   * Moves time forward by `ns`, firing every timer that falls due, in deadline order (equal deadlines
   * in the order they were set). While a timer fires the clock reads its deadline (or the current time
   * if that is later); a timer set by a firing one fires in this same call if it falls due by its end.
   */
  advance(ns: number | bigint): void {
    const target = this.mono + BigInt(ns);
    for (;;) {
      const due = this.top();
      if (due === undefined || due.deadlineNs > target) break;
      this.pop();
      due.pending = false;
      this.pending--;
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
    return this.pending;
  }

  /** The deadline of the timer that fires next, if any. */
  nextDeadlineNs(): bigint | undefined {
    return this.top()?.deadlineNs;
  }

  /** A clock reading the same monotonic and wall time as this one, without its timers, moving on its own. */
  fork(): ManualClock {
    const c = new ManualClock(0);
    c.mono = this.mono;
    c.realOffsetNs = this.realOffsetNs;
    return c;
  }

  /** The pending timer that fires next, after dropping cleared ones from the top. */
  private top(): ManualTimer | undefined {
    const h = this.heap;
    while (h.length > 0 && !h[0]!.pending) this.pop();
    return h[0];
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    this.siftDown(0);
  }

  /** Rebuilds the heap from its pending timers alone (Floyd's bottom-up heapify, O(N)). */
  private compact(): void {
    this.heap = this.heap.filter((t) => t.pending);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!firesBefore(t, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && firesBefore(h[child + 1]!, h[child]!)) child++;
      const c = h[child]!;
      if (!firesBefore(c, t)) break;
      h[i] = c;
      i = child;
    }
    h[i] = t;
  }
}

/** Calls between two real reads of the wall clock inside one synchronous stretch of work. */
const COARSE_REFRESH_CALLS = 256;

/** The longest delay setTimeout takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

interface SystemTimer extends TimerHandle {
  timeout: ReturnType<typeof setTimeout>;
}

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

  /** A deadline further away than setTimeout reaches is waited for in steps of the longest delay. */
  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle {
    const handle = { deadlineNs } as SystemTimer;
    const arm = (): void => {
      const delayMs = Number(deadlineNs - this.monotonicNs()) / 1e6;
      handle.timeout =
        delayMs > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fire, Math.max(0, delayMs));
    };
    arm();
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout((handle as SystemTimer).timeout);
  }
}
