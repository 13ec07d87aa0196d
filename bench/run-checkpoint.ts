// run.checkpoint: the time a live checkpoint holds a session and its image size, against offline encoding.
import { Buffer } from 'node:buffer';
import { decodeImage, encodeImage } from '../src/image/index.js';
import type { CheckpointResult } from '../src/supervisor/live-checkpoint.js';
import { valueAtMost, type Figure } from './figure.js';
import { LINUX, linuxSetBytes, linuxUndoEntryBytes } from './image-sizes.js';
import { LiveSession } from './live-session.js';
import type { Plan } from './plan.js';
import { median } from './stats.js';

type Log = (line: string) => void;
type Kind = 'sets' | 'processes';
const MAX_GROWTH_FOR_10X = 12;

interface Checkpoints {
  /** The median time the session's serving thread was held, in seconds. */
  hold: number;
  /** The median time encodeImage takes on the same image's body here, in seconds. */
  offline: number;
  bytes: number;
}

function timedEncode(text: string, reps: number): number {
  const image = decodeImage(text);
  const times: number[] = [];
  for (let i = 0; i <= reps; i++) {
    const t0 = process.hrtime.bigint();
    const again = encodeImage(image.body, image.producer);
    if (i > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (again !== text) throw new Error('encodeImage(decodeImage(image)) is not the image again');
  }
  return median(times);
}

function checkCounts(kind: Kind, n: number, r: CheckpointResult): void {
  const ok = kind === 'sets' ? r.sets === n && r.undoLists >= 1 : r.processes > n && r.undoLists >= n;
  if (!ok)
    throw new Error(
      `checkpoint of ${n} ${kind}: ${r.sets} sets, ${r.processes} processes, ${r.undoLists} undo lists`,
    );
}

/** A session of bench/c/undo-holders.c holding N sets or processes, checkpointed 1 + reps times. */
async function checkpoints(kind: Kind, n: number, reps: number): Promise<Checkpoints> {
  const s = await LiveSession.start('undo-holders', [kind === 'sets' ? 'sets' : 'procs', n], 600_000);
  const hold: number[] = [];
  let text = '';
  try {
    for (let i = 0; i <= reps; i++) {
      const r = await s.ask<CheckpointResult>({ op: 'checkpoint' }, 600_000);
      checkCounts(kind, n, r);
      if (i > 0) hold.push(r.ms / 1e3);
      text = r.text;
    }
  } finally {
    await s.end();
  }
  return { hold: median(hold), offline: timedEncode(text, reps), bytes: Buffer.byteLength(text) };
}

/** The kernel's bytes for what one more set or process adds to the state (see image-sizes.ts). */
const LINUX_BYTES: Record<Kind, { bytes: number; what: string }> = {
  sets: {
    bytes: linuxSetBytes(1) + linuxUndoEntryBytes(1),
    what: 'struct sem_array + 1 struct sem + struct sem_undo with 1 semadj',
  },
  processes: {
    bytes: LINUX.semUndoListBytes + linuxUndoEntryBytes(1),
    what: 'struct sem_undo_list + struct sem_undo with 1 semadj',
  },
};

function kindFigures(kind: Kind, sizes: [number, number], c: [Checkpoints, Checkpoints]): Figure[] {
  const per = kind === 'sets' ? 'per-set' : 'per-process';
  const held =
    kind === 'sets'
      ? (n: number) => `${n} sets of 1 semaphore, each with an entry in one process's undo list`
      : (n: number) => `${n} processes, each with one undo entry on one set`;
  const ms = (x: number): string => `${(x * 1e3).toFixed(1)} ms`;
  const figures: Figure[] = sizes.map((n, i) => ({
    name: `run.checkpoint.${n}-${kind}`,
    value: c[i]!.hold,
    unit: 's',
    better: 'lower',
    baseline: 'offline-encode',
    baselineValue: c[i]!.offline,
    note:
      `${held(n)}: the time a live checkpoint held the session's serving thread (${ms(c[i]!.hold)}, ` +
      `median), image ${c[i]!.bytes} bytes; offline-encode: encodeImage of the same image's decoded ` +
      `body in the bench process (${ms(c[i]!.offline)}, median)`,
  }));
  const growth = c[1].hold / c[0].hold;
  figures.push({
    name: `run.checkpoint.${kind}.growth-10x`,
    value: growth,
    unit: 'x',
    better: 'lower',
    baseline: 'offline-encode',
    baselineValue: c[1].offline / c[0].offline,
    goal: valueAtMost(MAX_GROWTH_FOR_10X, growth),
    note: `hold(${sizes[1]} ${kind}) / hold(${sizes[0]} ${kind}), median times`,
  });
  const linux = LINUX_BYTES[kind];
  figures.push({
    name: `run.checkpoint.${sizes[1]}-${kind}.${per}`,
    value: (c[1].bytes - c[0].bytes) / (sizes[1] - sizes[0]),
    unit: 'bytes',
    better: 'lower',
    baseline: 'linux-kernel-memory',
    baselineValue: linux.bytes,
    note:
      `(image of ${sizes[1]} − image of ${sizes[0]}) / ${sizes[1] - sizes[0]}, live images` +
      `${kind === 'processes' ? ' (each process with its pid, ppid, comm, cmdline and start time)' : ''}` +
      `; linux: ${linux.what}`,
  });
  return figures;
}

export async function runCheckpointFigures(plan: Plan, log: Log): Promise<Figure[]> {
  const { sets, processes, reps } = plan.run.checkpoint;
  const figures: Figure[] = [];
  for (const [kind, sizes] of [
    ['sets', sets],
    ['processes', processes],
  ] as [Kind, [number, number]][]) {
    log(`run.checkpoint.${kind}: semundo run -- undo-holders at ${sizes.join(' and ')} ${kind}`);
    const small = await checkpoints(kind, sizes[0], reps);
    const large = await checkpoints(kind, sizes[1], reps);
    figures.push(...kindFigures(kind, sizes, [small, large]));
  }
  return figures;
}
