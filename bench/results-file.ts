// bench/RESULTS.md: the figures of the latest full run, with the date and the machine.
import { writeFileSync } from 'node:fs';
import type { Figure } from './figure.js';
import { COLUMNS, rowOf } from './format.js';
import type { Machine } from './machine.js';

const BASELINES = `## Baselines

- \`linux-c\`: the real kernel, called from a C program (\`bench/c/*.c\`, built with \`gcc -O2\` into
  \`bench/build/\` and run in a fresh IPC namespace with \`unshare --ipc\` when that is possible).
  The wake-up baseline forks N processes that sleep in \`semop\` (or \`semtimedop\`); each writes a
  byte to a pipe once its call has returned, and the time runs until every byte has arrived.
- \`linux-koffi\`: the real kernel's \`semop\`, called from Node through koffi with a \`struct sembuf\`.
- \`linux-struct-sem\`: \`sizeof(struct sem)\` in \`ipc/sem.c\` (x86_64, SMP): 64 bytes, one cache line
  per semaphore (a constant from the kernel source, not measured).
- \`linux-slab\`: measured growth of \`SUnreclaim\` in \`/proc/meminfo\` while sets of 250 semaphores
  are created in a fresh IPC namespace, per semaphore.
- \`linux-dump-sets\`, \`linux-restore-sets\`: \`bench/c/sets-dump.c\` in a fresh IPC namespace, on the
  same sets as ours (keys, mode, values): a dump reads \`/proc/sys/kernel/sem\`, \`SEM_INFO\`, then
  \`SEM_STAT_ANY\`, \`GETALL\` and \`GETPID\` per semaphore for every index; a restore removes them
  (untimed) and makes each again with \`sem_next_id\`, \`semget(IPC_CREAT|IPC_EXCL)\`, \`IPC_SET\` and
  \`SETALL\`. The real kernel cannot read or write another process's undo list, so these cover the
  sets only; our figures also cover the processes and their undo entries.
- \`linux-kernel-memory\`: the bytes the real kernel keeps for the same state, from the structs of
  \`ipc/sem.c\` on x86_64 (constants, not measured): 256 bytes of \`struct sem_array\` and 64 per
  \`struct sem\` for a set, 60 bytes of \`struct sem_undo\` and 2 per semaphore for an undo entry, 24
  bytes of \`struct sem_undo_list\` per process; allocator rounding left out.
- \`model-machine\`: the resident set the model machine itself takes (its growth while it is built),
  against the peak memory of a checkpoint or restore of it.

Ours: the model kernel through the public API (\`trySemop\`, \`semop\`, \`semtimedop\`, \`semctl\`),
measured in the same run; rates and times are medians of several runs. In the semop figures ours
runs in a node process of its own for each configuration, and ours and the baselines take turns
so that changes in the machine's load fall on all of them.
Wake-up sleepers are spawned tasks (one per sleeper) in \`semop\`, or in \`semtimedop\` with a
one-hour timeout (\`timed-setall\`) under the default clock and under \`ManualClock\`.
The \`growth-10x\` figures divide the time at the largest size by the time at a tenth of it, taking
the fastest run in CPU time of the benchmark's thread (\`CLOCK_THREAD_CPUTIME_ID\`), to which other
work on the machine can only add; \`.elapsed\` is the same ratio of the median elapsed times shown
in the table. A cost linear in N gives about 10 (the goal allows 12).
The \`half-vs-full\` figures of the image suite divide the same way the time of the whole state by
the time of half of it (half the sets and half the processes): linear cost gives about 2 (the goal
allows 2.4).
Memory is the growth of V8's \`heapUsed + external\` (\`external\` already includes \`arrayBuffers\`)
in a child \`node --expose-gc\` process after 32000 sets of 250 semaphores are created.`;

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** When the run started, how long it took, and how busy the CPUs were just before it. */
export interface RunInfo {
  date: Date;
  seconds: number;
  busyBefore: number | null;
}

export function renderResults(figures: readonly Figure[], m: Machine, run: RunInfo): string {
  const notes = [
    ...new Set(
      figures.filter((f) => f.note).map((f) => `- ${f.name} (${f.baseline ?? 'no baseline'}): ${f.note}`),
    ),
  ];
  return [
    '# Benchmark results',
    '',
    `Full run of \`npm run bench -- --write-results\`, started ${run.date.toISOString()}, ` +
      `${run.seconds.toFixed(0)} s long.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs (nproc), Linux ${m.kernel}, Node ${m.node};`,
    run.busyBefore === null
      ? 'How busy the CPUs were before the run is unknown.'
      : `CPUs ${(run.busyBefore * 100).toFixed(1)}% busy in the second before the run (other work on the machine).`,
    '',
    markdownRow(COLUMNS),
    markdownRow(COLUMNS.map(() => '---')),
    ...figures.map((f) => markdownRow(rowOf(f))),
    '',
    '## Notes',
    '',
    ...notes,
    '',
    BASELINES,
    '',
  ].join('\n');
}

export function writeResults(file: string, figures: readonly Figure[], m: Machine, run: RunInfo): void {
  writeFileSync(file, renderResults(figures, m, run));
}
