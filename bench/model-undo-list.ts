// /proc/<pid>/semundo on the model, shaped as bench/c/undo-list.c: an undo list of N entries read by
// another task in 4 KiB reads and in one read, and N lines written by a fresh process.
import {
  IPC_CREAT,
  IPC_PRIVATE,
  O_RDONLY,
  SEM_UNDO,
  createKernel,
  type Kernel,
  type Sembuf,
  type Task,
} from '../src/index.js';
import { nowNs, secondsSince } from './stats.js';
import { threadCpuNs } from './thread-cpu.js';

export interface Timed {
  seconds: number;
  /** CPU time of the thread over the same stretch, or null where it cannot be read. */
  cpuSeconds: number | null;
  bytes: number;
}

/** Times `f` (which returns a byte count) in elapsed and thread CPU time. */
function timed(f: () => number): Timed {
  const c0 = threadCpuNs();
  const t0 = nowNs();
  const bytes = f();
  const seconds = secondsSince(t0);
  const c1 = threadCpuNs();
  return { seconds, cpuSeconds: c0 === null || c1 === null ? null : (c1 - c0) / 1e9, bytes };
}

/** A process holding one undo entry (every semaphore adjusted) on each of `nsets` sets of `nsems`. */
export class ModelUndoList {
  private readonly kernel: Kernel;
  private readonly owner: Task;
  private readonly reader: Task;
  private readonly path: string;
  /** The owner's file as one read returns it: what a restarted process writes back. */
  readonly saved: string;

  constructor(nsets: number, nsems: number) {
    const k = (this.kernel = createKernel());
    this.owner = k.spawn({ uid: 1000, gid: 1000 });
    this.reader = k.init;
    const sops: Sembuf[] = Array.from({ length: nsems }, (_, i) => ({
      sem_num: i,
      sem_op: 1,
      sem_flg: SEM_UNDO,
    }));
    for (let i = 0; i < nsets; i++) {
      const id = this.owner.semget(IPC_PRIVATE, nsems, IPC_CREAT | 0o600);
      this.owner.trySemop(id, sops);
    }
    this.path = `/proc/${this.owner.pid}/semundo`;
    this.saved = this.reader.readFile(this.path);
  }

  /** Opens the owner's file as another task and reads it to the end, `chunk` bytes per read. */
  read(chunk: number): Timed {
    return timed(() => {
      const fd = this.reader.open(this.path, O_RDONLY);
      let bytes = 0;
      for (let s = this.reader.read(fd, chunk); s.length > 0; s = this.reader.read(fd, chunk))
        bytes += s.length;
      this.reader.close(fd);
      return bytes;
    });
  }

  /** A fresh process (the owner's credentials) writes the saved lines into its own file in one write. */
  write(): Timed {
    const q = this.kernel.spawn({ uid: 1000, gid: 1000 });
    const t = timed(() => q.writeFile('/proc/self/semundo', this.saved));
    q.exit();
    return t;
  }
}
