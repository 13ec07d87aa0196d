// Child process of the image benchmark (node --expose-gc): builds the machine, then measures the peak
// resident set of one checkpoint and of one restore in each mode, and prints them as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { ManualClock, checkpoint, restore, type Kernel } from '../src/index.js';
import { buildImageMachine, type ImageState } from './model-image.js';

/** Resident set before a call and its peak during the call, in bytes. */
export interface PeakRss {
  before: number;
  peak: number;
}

export interface ImagePeaks {
  /** Resident set growth from building the machine (after full collections). */
  machineRss: number;
  imageBytes: number;
  /** True when the peak could be reset before each call (/proc/self/clear_refs); else peaks include what came before. */
  peakReset: boolean;
  checkpoint: PeakRss;
  exact: PeakRss;
  syscalls: PeakRss;
}

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
}

/** VmRSS and VmHWM of this process, in bytes. */
function status(): { rss: number; hwm: number } {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)![1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

let peakReset = true;

/** Collects garbage, resets the peak, runs `f` and returns the peak resident set it reached. */
function peakOf<T>(f: () => T): { rss: PeakRss; result: T } {
  settle();
  peakReset = resetPeak() && peakReset;
  const before = status().rss;
  const result = f();
  return { rss: { before, peak: status().hwm }, result };
}

function measure(s: ImageState): ImagePeaks {
  settle();
  const start = status().rss;
  let kernel: Kernel | null = buildImageMachine(s);
  settle();
  const machineRss = status().rss - start;
  const c = peakOf(() => checkpoint(kernel!));
  const image = c.result;
  kernel = null;
  const exact = peakOf(() => restore(image, { mode: 'exact', clock: new ManualClock() })).rss;
  const syscalls = peakOf(() => restore(image, { mode: 'syscalls', clock: new ManualClock() })).rss;
  return { machineRss, imageBytes: Buffer.byteLength(image), peakReset, checkpoint: c.rss, exact, syscalls };
}

const [sets, nsems, processes, undoPerProcess] = process.argv.slice(2).map(Number);
if (!sets || !nsems || processes === undefined || undoPerProcess === undefined)
  throw new Error('usage: image-child SETS NSEMS PROCESSES UNDO_PER_PROCESS');
process.stdout.write(`${JSON.stringify(measure({ sets, nsems, processes, undoPerProcess }))}\n`);
