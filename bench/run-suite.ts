// Real programs under `semundo run`: semop, open, wake-ups, start-up, many processes, memory, a real server,
// crashes of the server and live checkpoints, each against the C reference supervisor (the mechanism's own
// limit), the kernel or another baseline of the same run.
import { spawnSync } from 'node:child_process';
import { measureBaseline, type Measured } from './baseline.js';
import { runArgvFields } from './c-programs.js';
import { ratioAtLeast, ratioAtMost, valueAtMost, type Figure } from './figure.js';
import { interleavedMedians, type Contender, type RunStats } from './interleave.js';
import { opsFigure } from './ops-figure.js';
import type { Plan } from './plan.js';
import { runCheckpointFigures } from './run-checkpoint.js';
import { runHttpdFigures } from './run-httpd.js';
import { runMemoryFigures } from './run-memory.js';
import { runRestartFigures } from './run-restart.js';
import {
  OPEN_CALLS,
  SEM_CALLS,
  SEMUNDO_MAIN,
  onKernel,
  underCSupervisor,
  underNodeFloor,
  underSemundo,
} from './run-programs.js';
import { median, sizeLabel } from './stats.js';
import { sessionSupport } from '../src/supervisor/run-session.js';

type Log = (line: string) => void;
const MAX_GROWTH_FOR_10X = 12;

/** A contender that runs ARGV once per timed run and reads "<count> <nanoseconds>" lines: count/s. */
function rate(name: string, argv: () => string[]): Contender {
  return {
    name,
    start: () => ({
      run: () => {
        const lines = runArgvFields(argv());
        const [count, ns] = lines[lines.length - 1]!.map(Number) as [number, number];
        return count / (ns / 1e9);
      },
    }),
  };
}

function rateFigure(
  name: string,
  r: Map<string, Measured<RunStats>>,
  baseline: string,
  what: string,
  goal?: number,
): Figure {
  const f = opsFigure(name, r.get('ours')!, baseline, r.get(baseline)!, what);
  if (goal !== undefined) f.goal = ratioAtLeast(goal, f.value, f.baselineValue);
  return f;
}

async function semop(plan: Plan, log: Log): Promise<Figure[]> {
  const name = 'run.semop.uncontended';
  const args = [1, plan.run.semopRounds, 1];
  log(
    `${name}: semundo run (journaled and not), c-supervisor (answer, read), node-floor and linux-c taking turns`,
  );
  const r = await interleavedMedians(
    [
      rate('ours', () => underSemundo('semop-loop', args)),
      rate('ours-no-journal', () => underSemundo('semop-loop', args, ['--no-journal'])),
      rate('c-supervisor', () => underCSupervisor('answer', SEM_CALLS, 'semop-loop', args)),
      rate('c-supervisor-read', () => underCSupervisor('read', SEM_CALLS, 'semop-loop', args)),
      rate('node-floor', () => underNodeFloor(SEM_CALLS, 'semop-loop', args)),
      rate('linux-c', () => onKernel('semop-loop', args)),
    ],
    plan.run.runs,
    log,
  );
  const what = "a C loop's semop(+1/-1, SEM_UNDO) on one semaphore";
  const noJournal = new Map(r);
  noJournal.set('ours', r.get('ours-no-journal')!);
  const journalCost = new Map(r);
  journalCost.set('c-supervisor', r.get('ours-no-journal')!);
  return [
    rateFigure(
      name,
      r,
      'c-supervisor',
      `${what}, journaled; c-supervisor answers 0 without reading anything`,
      0.6,
    ),
    rateFigure(
      `${name}.no-journal`,
      noJournal,
      'c-supervisor',
      `${what}, with --no-journal; c-supervisor answers 0 without reading anything`,
      0.75,
    ),
    rateFigure(
      `${name}.journal-cost`,
      journalCost,
      'c-supervisor',
      `${what}: journaled, against --no-journal`,
    ),
    rateFigure(name, r, 'c-supervisor-read', `${what}; c-supervisor-read also reads the sembufs`),
    rateFigure(
      name,
      r,
      'node-floor',
      `${what}; node-floor: the host layer alone from Node (RECV, process_vm_readv, SEND; no model, no journal)`,
    ),
    rateFigure(name, r, 'linux-c', `${what}; linux-c: the kernel's semop`),
  ];
}

async function open(plan: Plan, log: Log): Promise<Figure[]> {
  const file = ['/etc/passwd', plan.run.opens, 1];
  log('run.open: semundo run (with and without --no-proc), c-supervisor continue and linux-c taking turns');
  const r = await interleavedMedians(
    [
      rate('ours', () => underSemundo('open-loop', file)),
      rate('ours-no-proc', () => underSemundo('open-loop', file, ['--no-proc'])),
      rate('c-supervisor', () => underCSupervisor('continue', OPEN_CALLS, 'open-loop', file)),
      rate('linux-c', () => onKernel('open-loop', file)),
    ],
    plan.run.runs,
    log,
  );
  const noProc = new Map(r);
  noProc.set('ours', r.get('ours-no-proc')!);
  const virtual = ['/proc/sysvipc/sem', plan.run.virtualOpens, 1, 'read'];
  log('run.open.virtual: semundo run and linux-c taking turns');
  const v = await interleavedMedians(
    [
      rate('ours', () => underSemundo('open-loop', virtual)),
      rate('linux-c', () => onKernel('open-loop', virtual)),
    ],
    plan.run.runs,
    log,
  );
  const what = 'open()+close() of /etc/passwd';
  return [
    rateFigure(
      'run.open',
      r,
      'c-supervisor',
      `${what}; c-supervisor lets the kernel do every open (CONTINUE)`,
      0.75,
    ),
    rateFigure('run.open', r, 'linux-c', `${what}; linux-c: no filter`),
    rateFigure(
      'run.open.no-proc',
      noProc,
      'linux-c',
      `${what} under semundo run --no-proc (opens not trapped)`,
    ),
    rateFigure(
      'run.open.virtual',
      v,
      'linux-c',
      "open()+read(4 KiB)+close() of /proc/sysvipc/sem with no sets: ours the session's, linux-c the kernel's",
    ),
  ];
}

/** bench/c/wakeup.c: seconds from one SETALL to the last of N sleepers back from semop; median of reps. */
function wakeupSeconds(argv: (n: number) => string[], n: number, reps: number): number {
  const runs = Array.from({ length: reps }, () => {
    const [[, ns]] = runArgvFields(argv(n), 600_000) as unknown as [[string, string]];
    return Number(ns) / 1e9;
  });
  return median(runs);
}

function wakeup(plan: Plan, log: Log): Figure[] {
  const [small, large] = plan.run.wakeupSizes;
  const reps = plan.run.wakeupReps;
  const ours = (n: number): string[] => underSemundo('wakeup', [n, 1, 'setall']);
  const linux = (n: number): string[] => onKernel('wakeup', [n, 1, 'setall']);
  const figures: Figure[] = [];
  const t: Record<'ours' | 'linux', number[]> = { ours: [], linux: [] };
  for (const n of [small, large]) {
    log(`run.wakeup.setall.${sizeLabel(n)}: semundo run, then linux-c`);
    const o = wakeupSeconds(ours, n, reps);
    const l = measureBaseline('linux-c', log, () => wakeupSeconds(linux, n, reps));
    t.ours.push(o);
    if (l.ok) t.linux.push(l.value);
    figures.push({
      name: `run.wakeup.setall.${sizeLabel(n)}`,
      value: o,
      unit: 's',
      better: 'lower',
      baseline: l.ok ? 'linux-c' : null,
      baselineValue: l.ok ? l.value : null,
      note: `${n} processes asleep in semop, one SETALL: time until the last one's semop has returned`,
    });
  }
  const growth = t.ours[1]! / t.ours[0]!;
  figures.push({
    name: 'run.wakeup.setall.growth-10x',
    value: growth,
    unit: 'x',
    better: 'lower',
    baseline: t.linux.length === 2 ? 'linux-c' : null,
    baselineValue: t.linux.length === 2 ? t.linux[1]! / t.linux[0]! : null,
    goal: valueAtMost(MAX_GROWTH_FOR_10X, growth),
    note: `t(${sizeLabel(large)}) / t(${sizeLabel(small)})`,
  });
  return figures;
}

async function latency(plan: Plan, log: Log): Promise<Figure[]> {
  const args = [plan.run.pingpongRounds, 1];
  log('run.wakeup.latency: semundo run and linux-c taking turns');
  const r = await interleavedMedians(
    [rate('ours', () => underSemundo('pingpong', args)), rate('linux-c', () => onKernel('pingpong', args))],
    plan.run.runs,
    log,
  );
  const ours = r.get('ours')!;
  if (!ours.ok) throw new Error(`run.wakeup.latency: ${ours.why}`);
  const l = r.get('linux-c')!;
  return [
    {
      name: 'run.wakeup.latency',
      value: 1 / ours.value.median,
      unit: 's',
      better: 'lower',
      baseline: l.ok ? 'linux-c' : null,
      baselineValue: l.ok ? 1 / l.value.median : null,
      note: 'two processes hand a semaphore back and forth: from the semop that releases to the sleeper back from its semop',
    },
  ];
}

function startup(plan: Plan, log: Log): Figure[] {
  const time = (argv: string[]): number => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')}: status ${r.status}`);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  log('run.startup: semundo run -- true and node -e 0 taking turns');
  const ours: number[] = [];
  const node: number[] = [];
  const semundo = [process.execPath, SEMUNDO_MAIN, 'run', '--', 'true'];
  for (let i = 0; i < plan.run.startupReps + 1; i++) {
    const o = time(semundo);
    const n = time([process.execPath, '-e', '0']);
    if (i === 0) continue;
    ours.push(o);
    node.push(n);
  }
  const value = median(ours);
  const baselineValue = median(node);
  return [
    {
      name: 'run.startup',
      value,
      unit: 's',
      better: 'lower',
      baseline: 'node-e-0',
      baselineValue,
      goal: ratioAtMost(3, value, baselineValue),
      note: '`semundo run -- true` until it has exited, against `node -e 0`; medians',
    },
  ];
}

async function hammer(plan: Plan, log: Log): Promise<Figure[]> {
  const { procs, ops, value, reps } = plan.run.hammer;
  const args = [procs, ops, value];
  log(`run.hammer.${sizeLabel(procs)}: semundo run and linux-c taking turns`);
  const r = await interleavedMedians(
    [rate('ours', () => underSemundo('hammer', args)), rate('linux-c', () => onKernel('hammer', args))],
    reps,
    log,
  );
  const what = `${procs} processes on one semaphore of value ${value}, each ${ops} × (-1, +1) with SEM_UNDO`;
  return [rateFigure(`run.hammer.${sizeLabel(procs)}`, r, 'linux-c', what)];
}

export async function runSuite(plan: Plan, log: Log): Promise<Figure[]> {
  const missing = sessionSupport();
  if (missing) {
    log(`run: skipped, ${missing}`);
    return [];
  }
  return [
    ...(await semop(plan, log)),
    ...(await open(plan, log)),
    ...wakeup(plan, log),
    ...(await latency(plan, log)),
    ...startup(plan, log),
    ...(await hammer(plan, log)),
    ...(await runMemoryFigures(plan, log)),
    ...(await runHttpdFigures(plan, log)),
    ...(await runRestartFigures(plan, log)),
    ...(await runCheckpointFigures(plan, log)),
  ];
}
