// Child process of the memory benchmark (node --expose-gc): fills a namespace with semaphore sets
// and prints, as JSON, how much the process's memory grew.
import { IPC_CREAT, IPC_PRIVATE, IPC_RMID, createKernel } from '../src/index.js';

export interface MemoryGrowth {
  semaphores: number;
  /** heapUsed + external (external already includes arrayBuffers, so adding both would count them twice). */
  heapBytes: number;
  /** The part of heapBytes that is typed-array storage. */
  arrayBufferBytes: number;
  rssBytes: number;
}

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

function measure(sets: number, nsems: number): MemoryGrowth {
  const kernel = createKernel();
  const task = kernel.init;
  const ids = new Int32Array(sets);
  for (let i = 0; i < 100; i++) ids[i] = task.semget(IPC_PRIVATE, nsems, IPC_CREAT | 0o600);
  for (let i = 0; i < 100; i++) task.semctl(ids[i]!, 0, IPC_RMID);
  const before = settle();
  for (let i = 0; i < sets; i++) ids[i] = task.semget(IPC_PRIVATE, nsems, IPC_CREAT | 0o600);
  const after = settle();
  const heap = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
  // Read after the measurement, so the kernel is certainly alive while it is measured.
  const semaphores = kernel.state.initNs.usedSems;
  if (semaphores !== sets * nsems) throw new Error(`${semaphores} semaphores, expected ${sets * nsems}`);
  return {
    semaphores,
    heapBytes: heap(after) - heap(before),
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    rssBytes: after.rss - before.rss,
  };
}

const [sets, nsems] = process.argv.slice(2).map(Number);
if (!sets || !nsems) throw new Error('usage: memory-child SETS NSEMS');
process.stdout.write(`${JSON.stringify(measure(sets, nsems))}\n`);
