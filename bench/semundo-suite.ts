// /proc/<pid>/semundo: reading an undo list of N entries (4 KiB reads, one read) and writing N lines,
// against the real kernel's nearest work in the same run — its /proc/sysvipc/sem (one seq_file record
// per set) read the same ways, and the SEM_UNDO semops it needs to build the same undo list — with
// the growth for 10× more entries.
import { measureBaseline, type Measured } from './baseline.js';
import { runCFields } from './c-programs.js';
import { valueAtMost, type Figure } from './figure.js';
import { collectGarbageAndSettle } from './gc.js';
import { ModelUndoList, type Timed } from './model-undo-list.js';
import type { Plan } from './plan.js';
import { median, sizeLabel } from './stats.js';

type Log = (line: string) => void;
type Kind = 'read-4k' | 'read-one' | 'write';

const KINDS: readonly Kind[] = ['read-4k', 'read-one', 'write'];
const MAX_GROWTH_FOR_10X = 12;
const WARM_RUNS = 3;
const WARM_SECONDS = 0.05;

const BASELINE: Record<Kind, string> = {
  'read-4k': 'linux-sysvipc-4k',
  'read-one': 'linux-sysvipc-one',
  write: 'linux-semop-undo',
};

const WHAT: Record<Kind, string> = {
  'read-4k':
    'ours: /proc/<pid>/semundo read by another task in 4 KiB reads; linux: /proc/sysvipc/sem (same number of records) in 4 KiB reads',
  'read-one': 'ours: /proc/<pid>/semundo in one read; linux: /proc/sysvipc/sem in one read',
  write:
    'ours: the lines written into /proc/self/semundo in one write; linux: one SEM_UNDO semop per set, the only way it has to build the same list',
};

type Times = Record<Kind, number>;

/** Ours: median elapsed seconds, and the fastest run in CPU time of the thread (null without it). */
interface OurTimes {
  wall: Times;
  cpu: Times | null;
}

interface Run {
  wall: number;
  cpu: number | null;
}

/**
 * `batch` runs of `f` back to back, as one run: the sum of their times, divided by `batch`. Small
 * lists are timed in batches so that every size pays its share of the collections its garbage causes
 * (a single small run may finish before any collection starts).
 */
function batchRun(f: () => Timed, batch: number): Run {
  let wall = 0;
  let cpu: number | null = 0;
  for (let i = 0; i < batch; i++) {
    const t = f();
    wall += t.seconds;
    cpu = cpu === null || t.cpuSeconds === null ? null : cpu + t.cpuSeconds;
  }
  return { wall: wall / batch, cpu: cpu === null ? null : cpu / batch };
}

/** Untimed runs until the code is compiled hot: at least WARM_RUNS of them and WARM_SECONDS in all. */
function warmUp(f: () => Timed): void {
  let spent = 0;
  for (let i = 0; i < WARM_RUNS || spent < WARM_SECONDS; i++) spent += f().seconds;
}

async function ours(n: number, plan: Plan, log: Log): Promise<OurTimes> {
  log(`semundo.*.${sizeLabel(n)}: ours`);
  const list = new ModelUndoList(n, plan.semundo.nsems);
  const batch = Math.max(1, Math.round(plan.semundo.batchEntries / n));
  const measure = async (f: () => Timed): Promise<Run[]> => {
    warmUp(f);
    await collectGarbageAndSettle();
    return Array.from({ length: plan.semundo.reps }, () => batchRun(f, batch));
  };
  const runs: Record<Kind, Run[]> = {
    'read-4k': await measure(() => list.read(4096)),
    'read-one': await measure(() => list.read(1 << 30)),
    write: await measure(() => list.write()),
  };
  const wall = {} as Times;
  let cpu = {} as Times | null;
  for (const kind of KINDS) {
    wall[kind] = median(runs[kind].map((r) => r.wall));
    const cpus = runs[kind].map((r) => r.cpu);
    if (cpu && cpus.every((c) => c !== null)) cpu[kind] = Math.min(...(cpus as number[]));
    else cpu = null;
  }
  return { wall, cpu };
}

/** The real kernel's median seconds of each kind; a kind not measured at this size is null. */
type LinuxTimes = Record<Kind, number | null>;

/** bench/c/undo-list.c; the list is built only up to plan.semundo.linuxBuildUpTo entries (O(N²) there). */
function linux(n: number, plan: Plan, log: Log): Measured<LinuxTimes> {
  log(`semundo.*.${sizeLabel(n)}: linux-c`);
  const builds = n <= plan.semundo.linuxBuildUpTo ? plan.semundo.linuxBuilds : 0;
  return measureBaseline('linux-c', log, () => {
    const lines = runCFields('undo-list', [n, plan.semundo.nsems, builds, plan.semundo.reps]);
    const of = (tag: string): number | null => {
      const xs = lines.filter((l) => l[0] === tag).map((l) => Number(l[1]) / 1e9);
      return xs.length > 0 ? median(xs) : null;
    };
    return { 'read-4k': of('read-4k'), 'read-one': of('read-one'), write: of('build') };
  });
}

/** The baseline of one kind at one size, or why there is none. */
function linuxValue(m: Measured<LinuxTimes>, kind: Kind, n: number, plan: Plan): number | string {
  if (!m.ok) return m.why;
  return (
    m.value[kind] ??
    `linux-c builds the list only up to ${sizeLabel(plan.semundo.linuxBuildUpTo)} entries: its cost grows as N² (each SEM_UNDO semop walks the list), so ${sizeLabel(n)} takes too long`
  );
}

function sizeFigures(n: number, our: Times, lin: Measured<LinuxTimes>, plan: Plan): Figure[] {
  return KINDS.map((kind) => {
    const base = linuxValue(lin, kind, n, plan);
    return {
      name: `semundo.${kind}.${sizeLabel(n)}`,
      value: our[kind],
      unit: 's',
      better: 'lower',
      baseline: typeof base === 'number' ? BASELINE[kind] : null,
      baselineValue: typeof base === 'number' ? base : null,
      note: typeof base === 'number' ? WHAT[kind] : base,
    };
  });
}

function growthFigures(
  our: Map<number, OurTimes>,
  lin: Map<number, Measured<LinuxTimes>>,
  plan: Plan,
): Figure[] {
  const [a, b] = plan.semundo.growth;
  const [oa, ob] = [our.get(a)!, our.get(b)!];
  const byCpu = oa.cpu !== null && ob.cpu !== null;
  const how = byCpu ? 'from the fastest run in CPU time of the thread' : 'from median elapsed times';
  return KINDS.map((kind) => {
    const la = linuxValue(lin.get(a)!, kind, a, plan);
    const lb = linuxValue(lin.get(b)!, kind, b, plan);
    const both = typeof la === 'number' && typeof lb === 'number';
    const value = byCpu ? ob.cpu![kind] / oa.cpu![kind] : ob.wall[kind] / oa.wall[kind];
    const linuxNote = both ? 'linux-c from median elapsed times' : typeof la === 'string' ? la : lb;
    return {
      name: `semundo.${kind}.growth-10x`,
      value,
      unit: 'x',
      better: 'lower',
      baseline: both ? BASELINE[kind] : null,
      baselineValue: both ? lb / la : null,
      goal: valueAtMost(MAX_GROWTH_FOR_10X, value),
      note: `ours t(${sizeLabel(b)})/t(${sizeLabel(a)}) ${how}; ${linuxNote}; an undo list holds one entry per set and a namespace at most SEMMNI ≤ 32768 sets, so 32k entries is the longest list Linux allows`,
    };
  });
}

export async function semundoSuite(plan: Plan, log: Log): Promise<Figure[]> {
  const sizes = [plan.semundo.entries, ...plan.semundo.growth];
  const our = new Map<number, OurTimes>();
  const lin = new Map<number, Measured<LinuxTimes>>();
  for (const n of new Set(sizes)) {
    our.set(n, await ours(n, plan, log));
    lin.set(n, linux(n, plan, log));
  }
  return [
    ...sizeFigures(
      plan.semundo.entries,
      our.get(plan.semundo.entries)!.wall,
      lin.get(plan.semundo.entries)!,
      plan,
    ),
    ...growthFigures(our, lin, plan),
  ];
}
