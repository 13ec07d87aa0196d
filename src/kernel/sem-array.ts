// ipc/sem.c: struct sem_array and struct sem — one semaphore set, stored compactly.
import { WaitQueue } from './wait-queue.js';
import type { Waiter } from './waiter.js';
import type { UndoEntry } from './undo-list.js';
import type { IpcPermHolder } from './ipc-perms.js';

/** The two per-semaphore queues (pending_alter / pending_const), made on first use. */
export interface SemQueues {
  alter: WaitQueue<Waiter>;
  const: WaitQueue<Waiter>;
}

export class SemArray implements IpcPermHolder {
  id = -1;
  seq = 0;
  deleted = false;
  /** Per semaphore: semval, sempid (tgid, 0 = none) and sem_otime (seconds). */
  readonly vals: Uint16Array;
  readonly pids: Int32Array;
  readonly otimes: Float64Array;
  /** Per-semaphore queues, only for semaphores that ever had a sleeper. */
  semQueues: (SemQueues | undefined)[] | null = null;
  /** Set-wide queues: complex (and, while complex ops sleep, merged simple) alter ops; complex const ops. */
  readonly alterQ = new WaitQueue<Waiter>();
  readonly constQ = new WaitQueue<Waiter>();
  complexCount = 0;
  /** list_id: the first of the undo entries that refer to this set (linked through setNext). */
  undoHead: UndoEntry | null = null;
  /**
   * The undo entries of this set whose adjustments may be non-zero: each entry linked or adjusted since
   * it was last found all zero (a superset, pruned by whoever walks it; made on the first link).
   */
  adjusted: Set<UndoEntry> | null = null;

  constructor(
    readonly key: number,
    readonly nsems: number,
    public mode: number,
    public uid: number,
    public gid: number,
    readonly cuid: number,
    readonly cgid: number,
    public ctime: number,
  ) {
    this.vals = new Uint16Array(nsems);
    this.pids = new Int32Array(nsems);
    this.otimes = new Float64Array(nsems);
  }

  get idx(): number {
    return this.id & 0x7fff;
  }

  queuesOf(num: number): SemQueues {
    const all = (this.semQueues ??= []);
    let q = all[num];
    if (!q) {
      q = { alter: new WaitQueue<Waiter>(), const: new WaitQueue<Waiter>() };
      all[num] = q;
    }
    return q;
  }

  /** sem_otime as reported: the latest per-semaphore otime (ipc/sem.c: get_semotime). */
  otime(): number {
    let t = 0;
    for (let i = 0; i < this.nsems; i++) if (this.otimes[i]! > t) t = this.otimes[i]!;
    return t;
  }
}
