// ipc/sem.c: struct sem_queue — one sleeping semop/semtimedop.
import type { Sembuf } from '../abi/index.js';
import type { QueueNode, WaitQueue } from './wait-queue.js';
import type { SemArray } from './sem-array.js';
import type { UndoEntry } from './undo-list.js';
import type { Task } from './task.js';

/** Status of a waiter that has not been finished yet. */
export const WAITING = 1;

export class Waiter implements QueueNode {
  qprev: QueueNode | null = null;
  qnext: QueueNode | null = null;
  queue: WaitQueue<QueueNode> | null = null;
  /** 0 or a negative errno once finished; WAITING before. */
  status = WAITING;
  /** Index into sops of the operation that blocked at the last evaluation (q->blocking). */
  blocking: number;
  /** CLOCK_MONOTONIC deadline of a semtimedop, or null. */
  deadlineNs: bigint | null = null;
  /**
   * Asked when a wake-up would complete the operation: false when the sleeper has already left at a
   * fatal signal (a killed sleeper takes itself off the queue before it exits), and the operation ends
   * with EINTR instead. Null for a sleeper that cannot have left unseen (the model's own tasks).
   */
  stillWaiting: (() => boolean) | null = null;
  /** Called once when the waiter is finished (completed, EIDRM, EINTR, timeout). */
  onFinish: ((status: number) => void) | null = null;

  constructor(
    readonly task: Task,
    readonly set: SemArray,
    readonly sops: readonly Sembuf[],
    readonly undo: UndoEntry | null,
    readonly pid: number,
    readonly alter: boolean,
    readonly dupsop: boolean,
    blocking: number,
  ) {
    this.blocking = blocking;
  }

  get nsops(): number {
    return this.sops.length;
  }
}
