// Checkpoint images: the time to save and restore a machine of many sets, processes and undo entries,
// against the real kernel's nearest work on the same sets in the same run (bench/c/sets-dump.c); how
// the time grows from half the state to the whole; the image's size; the peak memory of each call.
import { spawnSync } from 'node:child_process';
import { measureBaseline, type Measured } from './baseline.js';
import { runCFields } from './c-programs.js';
import { valueAtMost, type Figure } from './figure.js';
import { collectGarbageAndSettle } from './gc.js';
import type { ImagePeaks, PeakRss } from './image-child.js';
import { imageSizes, linuxSetBytes, linuxStateBytes, linuxUndoEntryBytes, LINUX } from './image-sizes.js';
import {
  IMAGE_KINDS,
  ImageBench,
  buildImageMachine,
  describeState,
  halfOf,
  undoEntries,
  type ImageKind,
  type ImageState,
  type Run,
} from './model-image.js';
import { IMAGE_CHILD } from './paths.js';
import { FULL, type Plan } from './plan.js';
import { median } from './stats.js';

type Log = (line: string) => void;

/** t(state) / t(half the state) may be at most this: cost linear in the state, with room for noise. */
const MAX_GROWTH_FOR_2X = 2.4;

const NAME: Record<ImageKind, string> = {
  checkpoint: 'image.checkpoint',
  exact: 'image.restore.exact',
  syscalls: 'image.restore.syscalls',
};

const BASELINE: Record<ImageKind, string> = {
  checkpoint: 'linux-dump-sets',
  exact: 'linux-restore-sets',
  syscalls: 'linux-restore-sets',
};

const WHAT: Record<ImageKind, string> = {
  checkpoint:
    'ours: checkpoint(kernel), the image text with its checksum; linux: SEM_INFO, then SEM_STAT_ANY, GETALL and GETPID per semaphore for every set, into memory',
  exact:
    "ours: restore(image, {mode: 'exact'}), decoding and checking the image included; linux: per set sem_next_id, semget(IPC_CREAT|IPC_EXCL), IPC_SET, SETALL",
  syscalls:
    "ours: restore(image, {mode: 'syscalls'}) (sets through sem_next_id, semget, SETALL, IPC_SET; processes through clone and their /proc/thread-self/semundo), decoding included; linux: per set sem_next_id, semget(IPC_CREAT|IPC_EXCL), IPC_SET, SETALL",
};

/** Median elapsed seconds, and the fastest run in CPU time of the thread (null without it). */
interface Times {
  wall: number;
  cpu: number | null;
}

type OurTimes = Record<ImageKind, Times>;

function summary(runs: readonly Run[]): Times {
  const cpus = runs.map((r) => r.cpu);
  const cpu = cpus.every((c) => c !== null) ? Math.min(...(cpus as number[])) : null;
  return { wall: median(runs.map((r) => r.wall)), cpu };
}

function repsOf(kind: ImageKind, plan: Plan): number {
  return kind === 'syscalls' ? plan.image.syscallsReps : plan.image.reps;
}

/** Every kind on one machine of state `s`: one untimed (and checked) run, then the timed ones. */
async function ours(s: ImageState, plan: Plan, log: Log): Promise<{ times: OurTimes; bytes: number }> {
  log(`image.*: ours (${describeState(s)})`);
  const bench = new ImageBench(buildImageMachine(s));
  const times = {} as OurTimes;
  for (const kind of IMAGE_KINDS) {
    await collectGarbageAndSettle();
    bench.run(kind, true);
    const runs: Run[] = [];
    for (let i = 0; i < repsOf(kind, plan); i++) {
      await collectGarbageAndSettle();
      runs.push(bench.run(kind));
    }
    times[kind] = summary(runs);
  }
  return { times, bytes: Buffer.byteLength(bench.image) };
}

/** The real kernel's median seconds to dump the sets and to make them again. */
type LinuxTimes = Record<ImageKind, number>;

/** bench/c/sets-dump.c on the same sets (keys, mode, values) in a fresh IPC namespace. */
function linux(s: ImageState, plan: Plan, log: Log): Measured<LinuxTimes> {
  log(`image.*: linux-c (${s.sets} sets × ${s.nsems} in a fresh IPC namespace)`);
  return measureBaseline('linux-c', log, () => {
    const lines = runCFields('sets-dump', [s.sets, s.nsems, plan.image.linuxReps]);
    const of = (tag: string): number =>
      median(lines.filter((l) => l[0] === tag).map((l) => Number(l[1]) / 1e9));
    const restore = of('restore');
    return { checkpoint: of('dump'), exact: restore, syscalls: restore };
  });
}

function sizeNote(plan: Plan): string {
  const s = plan.image.state;
  const full = FULL.image.state;
  const smaller = s.sets === full.sets ? '' : ` (--quick: the issue's state is ${describeState(full)})`;
  return `${describeState(s)}${smaller}`;
}

function timeFigures(s: ImageState, our: OurTimes, lin: Measured<LinuxTimes>, plan: Plan): Figure[] {
  return IMAGE_KINDS.map((kind) => ({
    name: `${NAME[kind]}.full`,
    value: our[kind].wall,
    unit: 's',
    better: 'lower',
    baseline: lin.ok ? BASELINE[kind] : null,
    baselineValue: lin.ok ? lin.value[kind] : null,
    note: lin.ok
      ? `${sizeNote(plan)}; ${WHAT[kind]}; the real kernel has no way to read or write another process's undo list, so ours also saves or rebuilds ${s.processes} processes and ${undoEntries(s)} undo entries that linux does not`
      : `${sizeNote(plan)}; ${lin.why}`,
  }));
}

const fmt = (seconds: number): string => `${seconds.toFixed(3)} s`;

/** The real kernel's t(full)/t(half), or why there is none. */
function linuxGrowth(
  kind: ImageKind,
  lin: { full: Measured<LinuxTimes>; half: Measured<LinuxTimes> },
): number | string {
  if (!lin.full.ok) return lin.full.why;
  if (!lin.half.ok) return lin.half.why;
  return lin.full.value[kind] / lin.half.value[kind];
}

function growthFigures(
  half: ImageState,
  our: { full: OurTimes; half: OurTimes },
  lin: { full: Measured<LinuxTimes>; half: Measured<LinuxTimes> },
): Figure[] {
  return IMAGE_KINDS.flatMap((kind) => {
    const [a, b] = [our.half[kind], our.full[kind]];
    const base = linuxGrowth(kind, lin);
    const measured = typeof base === 'number';
    const figure = (suffix: string, th: number, tf: number, how: string, goal: boolean): Figure => ({
      name: `${NAME[kind]}.half-vs-full${suffix}`,
      value: tf / th,
      unit: 'x',
      better: 'lower',
      baseline: measured ? BASELINE[kind] : null,
      baselineValue: measured ? base : null,
      ...(goal ? { goal: valueAtMost(MAX_GROWTH_FOR_2X, tf / th) } : {}),
      note: `ours t(full)/t(half) ${how} (${fmt(th)} at half, ${fmt(tf)} at full; half = ${describeState(half)}); ${measured ? 'linux-c from median elapsed times' : base}`,
    });
    if (a.cpu === null || b.cpu === null)
      return [figure('', a.wall, b.wall, 'from median elapsed times (no thread CPU time)', true)];
    return [
      figure('', a.cpu, b.cpu, 'from the fastest run in CPU time of the thread', true),
      figure('.elapsed', a.wall, b.wall, 'from median elapsed times', false),
    ];
  });
}

function sizeFigures(s: ImageState, bytes: number, log: Log): Figure[] {
  log(`image.size.*: ours (images of machines that differ only in their sets, or their undo entries)`);
  const z = imageSizes(s, bytes);
  const kernel = 'linux-kernel-memory';
  return [
    {
      name: 'image.size.full',
      value: z.full,
      unit: 'bytes',
      better: 'lower',
      baseline: kernel,
      baselineValue: linuxStateBytes(s),
      note: `the image of ${describeState(s)}; linux-kernel-memory: the bytes the kernel keeps for the same state, ${s.sets} × ${linuxSetBytes(s.nsems)} (sets) + ${undoEntries(s)} × ${linuxUndoEntryBytes(s.nsems)} (undo entries) + ${s.processes} × ${LINUX.semUndoListBytes} (struct sem_undo_list)`,
    },
    {
      name: 'image.size.per-set',
      value: z.perSet,
      unit: 'bytes',
      better: 'lower',
      baseline: kernel,
      baselineValue: linuxSetBytes(s.nsems),
      note: `(image of ${s.sets} sets of ${s.nsems}, no processes − image of no sets) / ${s.sets}: key, id, owner and creator ids, mode, ctime, and per semaphore value, sempid and otime; linux: struct sem_array (${LINUX.semArrayBytes} B) + ${s.nsems} × struct sem (${LINUX.semBytes} B), ipc/sem.c`,
    },
    {
      name: 'image.size.per-undo-entry',
      value: z.perUndoEntry,
      unit: 'bytes',
      better: 'lower',
      baseline: kernel,
      baselineValue: linuxUndoEntryBytes(s.nsems),
      note: `(image of the state − image of the same machine whose processes made half their semops without SEM_UNDO) / ${z.undoEntriesCompared} entries: semid and ${s.nsems} semadj values; linux: struct sem_undo (${LINUX.semUndoBytes} B) + ${s.nsems} × short semadj, ipc/sem.c`,
    },
  ];
}

function peaks(s: ImageState): ImagePeaks {
  const args = [s.sets, s.nsems, s.processes, s.undoPerProcess].map(String);
  const r = spawnSync(process.execPath, ['--expose-gc', IMAGE_CHILD, ...args], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`image memory child failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as ImagePeaks;
}

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

function memoryFigures(s: ImageState, log: Log): Figure[] {
  log(`image.peak-memory.*: ours (${describeState(s)} in a child node process)`);
  const p = peaks(s);
  const how = p.peakReset
    ? 'rise of the peak resident set (VmHWM, reset through /proc/self/clear_refs just before the call) above the resident set before it'
    : 'peak resident set (VmHWM: it could not be reset, so it may come from before the call) above the resident set before it';
  const figure = (name: string, what: string, m: PeakRss): Figure => ({
    name,
    value: m.peak - m.before,
    unit: 'bytes',
    better: 'lower',
    baseline: 'model-machine',
    baselineValue: p.machineRss,
    note: `${what} of ${describeState(s)} (image ${MB(p.imageBytes)}), in a child node process: ${how} (${MB(m.before)} before, ${MB(m.peak)} at the peak); model-machine: the resident set the machine itself takes (growth while it is built)`,
  });
  return [
    figure('image.peak-memory.checkpoint', 'checkpoint', p.checkpoint),
    figure('image.peak-memory.restore.exact', 'exact restore', p.exact),
    figure('image.peak-memory.restore.syscalls', 'syscalls restore', p.syscalls),
  ];
}

export async function imageSuite(plan: Plan, log: Log): Promise<Figure[]> {
  const full = plan.image.state;
  const half = halfOf(full);
  const ourHalf = (await ours(half, plan, log)).times;
  const { times: ourFull, bytes } = await ours(full, plan, log);
  const lin = { full: linux(full, plan, log), half: linux(half, plan, log) };
  return [
    ...timeFigures(full, ourFull, lin.full, plan),
    ...growthFigures(half, { full: ourFull, half: ourHalf }, lin),
    ...sizeFigures(full, bytes, log),
    ...memoryFigures(full, log),
  ];
}
