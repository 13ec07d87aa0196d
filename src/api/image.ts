// checkpoint() and restore(): a machine's semaphores, processes, undo lists and sleeping calls as an
// image (docs/image-format.md), and a new machine made from one.
import { ESRCH } from '../abi/index.js';
import { SystemClock, type Clock } from '../lib/index.js';
import { ErrnoError } from './errno-error.js';
import {
  checkpointBody,
  decodeImage,
  encodeImage,
  restoreExact,
  restoreProcessesInto,
  restoreThroughSyscalls,
} from '../image/index.js';
import { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { PRODUCER } from './version.js';
import { intArg } from './validate.js';

export interface CheckpointOptions {
  /** Save only these processes (and the undo lists they hold); default: every live process. */
  pids?: readonly number[];
}

export interface RestoreOptions {
  /**
   * exact (default): rebuild everything the image holds, pids included. syscalls: rebuild it only
   * through the system calls and files a user-space restorer has (new pids; docs/image-format.md
   * lists what this mode cannot carry).
   */
  mode?: 'exact' | 'syscalls';
  /** The new machine's time source (default: the machine's clocks). */
  clock?: Clock;
}

/**
 * The image of `kernel` as text: the same state always gives the same bytes. Sleeping semtimedop
 * calls keep the time they have left.
 */
export function checkpoint(kernel: Kernel, opts: CheckpointOptions = {}): string {
  if (!(kernel instanceof Kernel)) throw new TypeError('The "kernel" argument must be a Kernel');
  const pids = opts.pids?.map((p, i) => intArg(`pids[${i}]`, p, 1, 0x7fffffff));
  for (const pid of pids ?? [])
    if (!kernel.state.processes.get(pid)?.alive)
      throw new ErrnoError(-ESRCH, 'checkpoint', `(no process ${pid})`);
  return encodeImage(checkpointBody(kernel.state, pids), `${PRODUCER} model`);
}

/**
 * A new machine from an image. The image is checked whole first (an ImageError names the first field
 * that is wrong) and the machine is built completely before it is returned.
 */
export function restore(image: string, opts: RestoreOptions = {}): Kernel {
  if (typeof image !== 'string') throw new TypeError('The "image" argument must be of type string');
  const mode = opts.mode ?? 'exact';
  if (mode !== 'exact' && mode !== 'syscalls')
    throw new TypeError(`The "mode" option must be 'exact' or 'syscalls', got ${String(mode)}`);
  const img = decodeImage(image);
  const clock = opts.clock ?? new SystemClock();
  if (mode === 'exact') {
    const tids = img.body.processes.flatMap((p) => p.threads.map((t): [number, number] => [t.tid, t.tid]));
    return new Kernel({}, restoreExact(img.body, clock), new Map(tids));
  }
  const r = restoreThroughSyscalls(img.body, clock);
  return new Kernel({}, r.state, r.tids, r.lostCalls);
}

/**
 * Process-level restart: the processes of `image` (a checkpoint of some processes, `{pids}`) started
 * again in `kernel`, whose initial IPC namespace must already hold every set they name (with their
 * values as the restart wants them: SETALL clears undo entries, so it comes first). Each gets a new
 * pid; its undo list is written into its own /proc/self/semundo and its sleeping call made again.
 * Checked whole before anything is made. Returns the new task of each saved thread id.
 */
export function restoreProcesses(kernel: Kernel, image: string): Map<number, Task> {
  if (!(kernel instanceof Kernel)) throw new TypeError('The "kernel" argument must be a Kernel');
  if (typeof image !== 'string') throw new TypeError('The "image" argument must be of type string');
  const tids = restoreProcessesInto(kernel.state, decodeImage(image).body);
  const out = new Map<number, Task>();
  for (const [old, tid] of tids) {
    const task = kernel.task(tid)!;
    task.adoptRestoredCall();
    out.set(old, task);
  }
  return out;
}
