// semop with SEM_UNDO without contention: ours against the real kernel from C and from Node (koffi).
import type { Measured } from './baseline.js';
import { runC } from './c-programs.js';
import { ratioAtLeast, type Figure } from './figure.js';
import { interleavedMedians, type Contender, type RunStats } from './interleave.js';
import { opsFigure } from './ops-figure.js';
import { KoffiSemopLoop } from './koffi-semop.js';
import { ModelSemopProcess } from './model-semop-process.js';
import type { Plan } from './plan.js';

type Log = (line: string) => void;

/** Ours, in a node process of its own (see model-semop-child.ts). */
function ours(sets: number, rounds: number): Contender {
  return {
    name: 'ours',
    start: () => {
      const child = new ModelSemopProcess(sets);
      return { run: () => child.run(rounds), close: () => child.close() };
    },
  };
}

/** bench/c/semop-loop.c: one process per run (it warms up before its timed run). */
function linuxC(sets: number, rounds: number): Contender {
  const run = (): number => {
    const [[ops, ns]] = runC('semop-loop', [sets, rounds, 1]) as [[number, number]];
    return ops / (ns / 1e9);
  };
  return { name: 'linux-c', start: () => ({ run }) };
}

function linuxKoffi(rounds: number): Contender {
  return {
    name: 'linux-koffi',
    start: () => {
      const loop = new KoffiSemopLoop();
      return { run: () => loop.run(rounds), close: () => loop.close() };
    },
  };
}

async function uncontended(plan: Plan, log: Log): Promise<Figure[]> {
  const { rounds } = plan.uncontended;
  const name = 'semop.undo.uncontended';
  log(`${name}: ours, linux-c and linux-koffi taking turns`);
  const r = await interleavedMedians(
    [ours(1, rounds.model), linuxC(1, rounds.c), linuxKoffi(rounds.koffi)],
    plan.semopRuns,
    log,
  );
  const vsC = opsFigure(name, r.get('ours')!, 'linux-c', r.get('linux-c')!);
  vsC.goal = ratioAtLeast(2, vsC.value, vsC.baselineValue);
  return [vsC, opsFigure(name, r.get('ours')!, 'linux-koffi', r.get('linux-koffi')!)];
}

/** Undo lists of several lengths; each semop looks its entry up at the far end of the list. */
async function undoLists(plan: Plan, log: Log): Promise<Figure[]> {
  const figures: Figure[] = [];
  const rates: { sets: number; ours: number; c: Measured<RunStats> }[] = [];
  for (const { sets, rounds } of plan.undoList) {
    const name = `semop.undo.list-${sets}`;
    log(`${name}: ours and linux-c taking turns`);
    const r = await interleavedMedians(
      [ours(sets, rounds.model), linuxC(sets, rounds.c)],
      plan.semopRuns,
      log,
    );
    const f = opsFigure(name, r.get('ours')!, 'linux-c', r.get('linux-c')!);
    figures.push(f);
    rates.push({ sets, ours: f.value, c: r.get('linux-c')! });
  }
  const short = rates[0]!;
  const long = rates[rates.length - 1]!;
  const linuxCost = short.c.ok && long.c.ok ? short.c.value.median / long.c.value.median : null;
  figures.push({
    name: `semop.undo.list-${long.sets}-vs-${short.sets}.cost`,
    value: short.ours / long.ours,
    unit: 'x',
    better: 'lower',
    baseline: linuxCost === null ? null : 'linux-c',
    baselineValue: linuxCost,
    note: `time per semop with ${long.sets} undo entries over time per semop with ${short.sets}`,
  });
  return figures;
}

export async function semopSuite(plan: Plan, log: Log): Promise<Figure[]> {
  return [...(await uncontended(plan, log)), ...(await undoLists(plan, log))];
}
