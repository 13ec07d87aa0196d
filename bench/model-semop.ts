// Our trySemop with SEM_UNDO in a loop, shaped exactly as bench/c/semop-loop.c.
import { IPC_CREAT, IPC_PRIVATE, SEM_UNDO, createKernel, type Sembuf, type Task } from '../src/index.js';
import { nowNs, secondsSince } from './stats.js';

const UP: readonly Sembuf[] = [{ sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO }];
const DOWN: readonly Sembuf[] = [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }];

function roundTrips(task: Task, ids: readonly number[], rounds: number): void {
  const n = ids.length;
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < n; k++) task.trySemop(ids[k]!, UP);
    for (let k = 0; k < n; k++) task.trySemop(ids[k]!, DOWN);
  }
}

/** `sets` sets of one semaphore in a fresh model kernel, used by one task (its undo list has `sets` entries). */
export class ModelSemopLoop {
  private readonly task: Task;
  private readonly ids: number[];

  constructor(sets: number) {
    this.task = createKernel().spawn({ uid: 1000, gid: 1000 });
    this.ids = Array.from({ length: sets }, () => this.task.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600));
  }

  /** `rounds` rounds of (+1 on every set, then -1 on every set); returns semops per second. */
  run(rounds: number): number {
    const t0 = nowNs();
    roundTrips(this.task, this.ids, rounds);
    return (2 * this.ids.length * rounds) / secondsSince(t0);
  }
}
