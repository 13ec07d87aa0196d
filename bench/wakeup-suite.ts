// Wake-up scaling: the time to wake N sleepers, ours and the real kernel's, and its growth with N.
import { runC } from './c-programs.js';
import { measureBaseline, type Measured } from './baseline.js';
import { valueAtMost, type Figure } from './figure.js';
import { modelWakeupTimes, semaphoresFor, type SleepKind, type WakeupMode } from './model-wakeup.js';
import type { Plan } from './plan.js';
import { median, sizeLabel } from './stats.js';

type Log = (line: string) => void;

/** t(10N) / t(N) may be at most this: cost linear in N, with room for noise and cache effects. */
const MAX_GROWTH_FOR_10X = 12;

interface WakeupCase {
  /** The figure names' middle part: wakeup.<label>.<size>. */
  label: string;
  mode: WakeupMode;
  sleep: SleepKind;
  sizes: number[];
  reps: number;
}

function cases(plan: Plan): WakeupCase[] {
  const untimed = { sizes: plan.wakeupSizes, reps: plan.wakeupReps, sleep: 'untimed' as const };
  const timed = { sizes: plan.timedWakeup.sizes, reps: plan.timedWakeup.reps, mode: 'setall' as const };
  return [
    { label: 'one-by-one', mode: 'one-by-one', ...untimed },
    { label: 'setall', mode: 'setall', ...untimed },
    { label: 'timed-setall.system-clock', sleep: 'timed-system-clock', ...timed },
    { label: 'timed-setall.manual-clock', sleep: 'timed-manual-clock', ...timed },
  ];
}

/** bench/c/wakeup.c, median elapsed seconds; each (mode, timed, N) is measured once per run. */
class LinuxWakeups {
  private readonly done = new Map<string, Measured<number>>();
  constructor(
    private readonly plan: Plan,
    private readonly log: Log,
  ) {}

  /** Times at the plan's Linux sizes, up to the first size that cannot be measured. */
  times(c: WakeupCase): Map<number, Measured<number>> {
    const out = new Map<number, Measured<number>>();
    for (const n of this.plan.linuxWakeupSizes) {
      const m = this.time(c, n);
      out.set(n, m);
      if (!m.ok) break;
    }
    return out;
  }

  private time(c: WakeupCase, n: number): Measured<number> {
    const timed = c.sleep !== 'untimed';
    const key = `${c.mode}/${timed}/${n}`;
    const known = this.done.get(key);
    if (known) return known;
    this.log(`wakeup.${c.label}.${sizeLabel(n)}: linux-c (${n} forked processes)`);
    const args = [n, semaphoresFor(c.mode, n), c.mode, ...(timed ? ['timed'] : [])];
    const m = measureBaseline('linux-c', this.log, () => {
      const times: number[] = [];
      for (let i = 0; i < this.plan.linuxWakeupReps; i++) times.push(runC('wakeup', args)[0]![1]! / 1e9);
      return median(times);
    });
    this.done.set(key, m);
    return m;
  }
}

interface OurTimes {
  /** Median elapsed seconds. */
  wall: number;
  /** Fastest run in CPU time of the thread: other work can only add to it. */
  cpu: number | null;
}

async function ours(c: WakeupCase, log: Log): Promise<Map<number, OurTimes>> {
  const times = new Map<number, OurTimes>();
  for (const n of c.sizes) {
    log(`wakeup.${c.label}.${sizeLabel(n)}: ours`);
    const runs = await modelWakeupTimes(c.mode, c.sleep, n, c.reps);
    const cpus = runs.map((r) => r.cpu);
    const cpu = cpus.every((x) => x !== null) ? Math.min(...(cpus as number[])) : null;
    times.set(n, { wall: median(runs.map((r) => r.wall)), cpu });
  }
  return times;
}

/** t(largest) / t(the size before it), or null when either is missing. */
function growth(sizes: readonly number[], time: (n: number) => number | null): number | null {
  if (sizes.length < 2) return null;
  const a = time(sizes[sizes.length - 2]!);
  const b = time(sizes[sizes.length - 1]!);
  return a && b ? b / a : null;
}

function pair(sizes: readonly number[]): string {
  const [a, b] = sizes.slice(-2).map(sizeLabel);
  return `t(${b})/t(${a})`;
}

async function wakeupCase(
  c: WakeupCase,
  linuxWakeups: LinuxWakeups,
  plan: Plan,
  log: Log,
): Promise<Figure[]> {
  const our = await ours(c, log);
  const lin = linuxWakeups.times(c);
  const linuxTime = (n: number): number | null => {
    const m = lin.get(n);
    return m?.ok ? m.value : null;
  };
  const maxLinux = sizeLabel(Math.max(...plan.linuxWakeupSizes));
  const figures: Figure[] = c.sizes.map((n) => {
    const m = lin.get(n);
    const note = !m
      ? `linux-c not measured at ${sizeLabel(n)}: it is run up to ${maxLinux} forked sleepers`
      : m.ok
        ? undefined
        : m.why;
    return {
      name: `wakeup.${c.label}.${sizeLabel(n)}`,
      value: our.get(n)!.wall,
      unit: 's',
      better: 'lower',
      baseline: m?.ok ? 'linux-c' : null,
      baselineValue: linuxTime(n),
      ...(note ? { note } : {}),
    };
  });
  const linuxGrowth = growth(plan.linuxWakeupSizes, linuxTime);
  const growthFigure = (suffix: string, value: number, goal: boolean, how: string): Figure => ({
    name: `wakeup.${c.label}.growth-10x${suffix}`,
    value,
    unit: 'x',
    better: 'lower',
    baseline: linuxGrowth === null ? null : 'linux-c',
    baselineValue: linuxGrowth,
    ...(goal ? { goal: valueAtMost(MAX_GROWTH_FOR_10X, value) } : {}),
    note: `ours ${pair(c.sizes)} ${how}; linux-c ${pair(plan.linuxWakeupSizes)} from median elapsed times`,
  });
  const cpuGrowth = growth(c.sizes, (n) => our.get(n)!.cpu);
  const wallGrowth = growth(c.sizes, (n) => our.get(n)!.wall)!;
  if (cpuGrowth === null)
    return [...figures, growthFigure('', wallGrowth, true, 'from median elapsed times (no thread CPU time)')];
  return [
    ...figures,
    growthFigure('', cpuGrowth, true, 'from the fastest run in CPU time of the thread'),
    growthFigure('.elapsed', wallGrowth, false, 'from median elapsed times'),
  ];
}

export async function wakeupSuite(plan: Plan, log: Log): Promise<Figure[]> {
  const linuxWakeups = new LinuxWakeups(plan, log);
  const figures: Figure[] = [];
  for (const c of cases(plan)) figures.push(...(await wakeupCase(c, linuxWakeups, plan, log)));
  return figures;
}
