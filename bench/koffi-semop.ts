// The real kernel's semop with SEM_UNDO called from Node through koffi: the linux-koffi baseline.
import koffi, { type LibraryHandle } from 'koffi';
import { IPC_CREAT, IPC_PRIVATE, IPC_RMID, SEM_UNDO } from '../src/index.js';
import { nowNs, secondsSince } from './stats.js';

interface CSembuf {
  sem_num: number;
  sem_op: number;
  sem_flg: number;
}

type CFunction = ReturnType<LibraryHandle['func']>;

interface Libc {
  semget: CFunction;
  semop: CFunction;
  semctl: CFunction;
}

let bound: Libc | null = null;

/** libc's semget/semop/semctl, bound on first use (loading libc.so.6 fails off Linux/glibc). */
function libc(): Libc {
  if (bound) return bound;
  const lib = koffi.load('libc.so.6');
  koffi.struct('sembuf', { sem_num: 'uint16', sem_op: 'int16', sem_flg: 'int16' });
  bound = {
    semget: lib.func('int semget(int key, int nsems, int semflg)'),
    semop: lib.func('int semop(int semid, sembuf *sops, size_t nsops)'),
    semctl: lib.func('int semctl(int semid, int semnum, int cmd, ...)'),
  };
  return bound;
}

const UP: CSembuf = { sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO };
const DOWN: CSembuf = { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO };

function roundTrips(semop: CFunction, id: number, rounds: number): void {
  for (let r = 0; r < rounds; r++) {
    if (semop(id, UP, 1) !== 0) throw new Error(`semop +1 failed: errno ${koffi.errno()}`);
    if (semop(id, DOWN, 1) !== 0) throw new Error(`semop -1 failed: errno ${koffi.errno()}`);
  }
}

/** One set of one semaphore on the real kernel, used through koffi; close() removes it. */
export class KoffiSemopLoop {
  private readonly libc = libc();
  private readonly id: number;

  constructor() {
    this.id = this.libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600) as number;
    if (this.id < 0) throw new Error(`semget failed: errno ${koffi.errno()}`);
  }

  /** `rounds` times +1 then -1 (SEM_UNDO); returns semops per second. */
  run(rounds: number): number {
    const t0 = nowNs();
    roundTrips(this.libc.semop, this.id, rounds);
    return (2 * rounds) / secondsSince(t0);
  }

  close(): void {
    this.libc.semctl(this.id, 0, IPC_RMID, 'int', 0);
  }
}
