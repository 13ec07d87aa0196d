// Memory per semaphore: ours (heap growth of a full namespace) against Linux's struct sem and slabs.
import { spawnSync } from 'node:child_process';
import { runC } from './c-programs.js';
import { measureBaseline } from './baseline.js';
import { valueBelow, type Figure } from './figure.js';
import type { MemoryGrowth } from './memory-child.js';
import { MEMORY_CHILD } from './paths.js';
import type { Plan } from './plan.js';
import { median } from './stats.js';

type Log = (line: string) => void;

/**
 * sizeof(struct sem) on x86_64 SMP, from the kernel source (ipc/sem.c): int semval, struct pid *sempid,
 * spinlock_t lock, two struct list_head (pending_alter, pending_const), time64_t sem_otime — the
 * whole struct is ____cacheline_aligned_in_smp, so each semaphore takes one 64-byte cache line.
 */
const LINUX_STRUCT_SEM_BYTES = 64;

function modelGrowth(sets: number, nsems: number): MemoryGrowth {
  const r = spawnSync(process.execPath, ['--expose-gc', MEMORY_CHILD, String(sets), String(nsems)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as MemoryGrowth;
}

/** bench/c/slab-growth.c in a fresh IPC namespace: SUnreclaim growth per semaphore, median of runs. */
function slabBytesPerSemaphore(sets: number, nsems: number, runs: number): number {
  const per: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [[sems, bytes]] = runC('slab-growth', [sets, nsems]) as [[number, number]];
    per.push(bytes / sems);
  }
  return median(per);
}

export function memorySuite(plan: Plan, log: Log): Figure[] {
  const { sets, nsems } = plan.memory;
  log(`memory.per-semaphore: ours (${sets} sets of ${nsems} in a child node process)`);
  const g = modelGrowth(sets, nsems);
  const heap = g.heapBytes / g.semaphores;
  const rss = g.rssBytes / g.semaphores;
  const s = plan.slab;
  log(`memory.per-semaphore: linux-slab (${s.sets} sets of ${s.nsems} in a fresh IPC namespace)`);
  const slab = measureBaseline('linux-slab', log, () => slabBytesPerSemaphore(s.sets, s.nsems, s.runs));
  const slabValue = slab.ok ? slab.value : null;
  const slabNote = slab.ok ? {} : { note: slab.why };
  return [
    {
      name: 'memory.per-semaphore',
      value: heap,
      unit: 'bytes',
      better: 'lower',
      baseline: 'linux-struct-sem',
      baselineValue: LINUX_STRUCT_SEM_BYTES,
      goal: valueBelow(LINUX_STRUCT_SEM_BYTES, heap, 'bytes'),
      note:
        `growth of V8 heapUsed + external over ${g.semaphores} semaphores, of which typed arrays ` +
        `${(g.arrayBufferBytes / g.semaphores).toFixed(1)} B; baseline is sizeof(struct sem) in ipc/sem.c`,
    },
    {
      name: 'memory.per-semaphore',
      value: heap,
      unit: 'bytes',
      better: 'lower',
      baseline: slab.ok ? 'linux-slab' : null,
      baselineValue: slabValue,
      ...slabNote,
    },
    {
      name: 'memory.per-semaphore.rss',
      value: rss,
      unit: 'bytes',
      better: 'lower',
      baseline: slab.ok ? 'linux-slab' : null,
      baselineValue: slabValue,
      note: 'resident set growth of the child process (includes malloc overhead of typed-array stores)',
    },
  ];
}
