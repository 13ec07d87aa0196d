// The machine the image benchmarks save and restore: sets of semaphores made as bench/c/sets-dump.c
// makes them, and processes each holding SEM_UNDO entries on consecutive sets.
import {
  IPC_CREAT,
  ManualClock,
  SEM_UNDO,
  SETALL,
  checkpoint,
  createKernel,
  restore,
  type Kernel,
} from '../src/index.js';
import { nowNs, secondsSince } from './stats.js';
import { threadCpuNs } from './thread-cpu.js';

/** The shape of the saved state. */
export interface ImageState {
  sets: number;
  /** Semaphores per set. */
  nsems: number;
  processes: number;
  /** Sets each process makes one SEM_UNDO semop on: undo entries per process. */
  undoPerProcess: number;
}

/** What is saved or restored, and how. */
export type ImageKind = 'checkpoint' | 'exact' | 'syscalls';

export const IMAGE_KINDS: readonly ImageKind[] = ['checkpoint', 'exact', 'syscalls'];

/** The default limits of a namespace allow 32000 sets (SEMMNI); more would need them raised. */
const DEFAULT_SEMMNI = 32_000;

/** Half the sets and half the processes, the same undo entries per process. */
export function halfOf(s: ImageState): ImageState {
  return { ...s, sets: s.sets / 2, processes: s.processes / 2 };
}

export function undoEntries(s: ImageState): number {
  return s.processes * s.undoPerProcess;
}

/** "32000 sets × 8, 10000 processes, 100000 undo entries". */
export function describeState(s: ImageState): string {
  return `${s.sets} sets × ${s.nsems}, ${s.processes} processes, ${undoEntries(s)} undo entries`;
}

/** The values bench/c/sets-dump.c gives set i (from 100 to 999). */
export function setValues(i: number, nsems: number): number[] {
  return Array.from({ length: nsems }, (_, s) => 100 + ((i + s) % 900));
}

/**
 * A machine of state `s` on a ManualClock (so every build gives the same image). Set i has key i + 1,
 * mode 0666 and setValues(i). Process p makes s.undoPerProcess semops of -1 on consecutive sets from
 * set p × undoPerProcess on (wrapping around), the first `undoKept` with SEM_UNDO and the rest
 * without: machines that differ only in `undoKept` differ only in their undo entries.
 */
export function buildImageMachine(s: ImageState, undoKept = s.undoPerProcess): Kernel {
  const k = createKernel({
    clock: new ManualClock(),
    limits: s.sets > DEFAULT_SEMMNI ? { semmni: s.sets } : {},
  });
  const ids = new Int32Array(s.sets);
  for (let i = 0; i < s.sets; i++) {
    ids[i] = k.init.semget(i + 1, s.nsems, IPC_CREAT | 0o666);
    k.init.semctl(ids[i]!, 0, SETALL, setValues(i, s.nsems));
  }
  for (let p = 0; p < s.processes; p++) {
    const t = k.spawn({ uid: 1000 + (p % 100) });
    for (let j = 0; j < s.undoPerProcess; j++) {
      const set = (p * s.undoPerProcess + j) % s.sets;
      const sem_flg = j < undoKept ? SEM_UNDO : 0;
      t.trySemop(ids[set]!, [{ sem_num: (p + j) % s.nsems, sem_op: -1, sem_flg }]);
    }
  }
  return k;
}

/** One timed run: elapsed seconds, and CPU seconds of this thread (null where it cannot be read). */
export interface Run {
  wall: number;
  cpu: number | null;
}

function timed(f: () => void): Run {
  const c0 = threadCpuNs();
  const t0 = nowNs();
  f();
  const wall = secondsSince(t0);
  const c1 = threadCpuNs();
  return { wall, cpu: c0 === null || c1 === null ? null : (c1 - c0) / 1e9 };
}

/** A saved machine and its image, ready for timed checkpoints and restores. */
export class ImageBench {
  readonly image: string;

  constructor(private readonly kernel: Kernel) {
    this.image = checkpoint(kernel);
  }

  /** One timed checkpoint or restore (decoding included); `verify` checks what it made afterwards. */
  run(kind: ImageKind, verify = false): Run {
    if (kind === 'checkpoint') {
      let text = '';
      const r = timed(() => void (text = checkpoint(this.kernel)));
      if (verify && text !== this.image) throw new Error('checkpoint gave another image');
      return r;
    }
    let k: Kernel | null = null;
    const r = timed(() => void (k = restore(this.image, { mode: kind, clock: new ManualClock() })));
    if (verify) this.verify(kind, k!);
    return r;
  }

  /** exact gives back the same image; syscalls at least the same semaphores and threads. */
  private verify(kind: ImageKind, k: Kernel): void {
    if (kind === 'exact' && checkpoint(k) !== this.image)
      throw new Error('exact restore did not give back the same machine');
    const [sems, threads] = [k.state.initNs.usedSems, k.restoredTids.size];
    if (sems !== this.kernel.state.initNs.usedSems || threads !== this.kernel.state.tasks.size)
      throw new Error(`${kind} restore gave ${sems} semaphores and ${threads} threads`);
  }
}
