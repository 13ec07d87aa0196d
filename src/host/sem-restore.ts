// Recreating saved semaphore sets in the calling thread's IPC namespace of the real kernel, all or
// nothing as far as user space can: every check is made before anything is created, and a later
// failure removes what was made and puts the limits back.
import { IPCMNI, type SemLimits } from '../abi/index.js';
import { threadEffectiveIds, withEffectiveIds } from './as-creator.js';
import { HostSemError, check, errnoName } from './host-sem-error.js';
import { createSet, removeSet, type HostSemSetSpec } from './sem-set-create.js';
import { readSemSets, readSemUsage } from './sem-sets-read.js';
import { readSemLimits, readSemNextId, writeSemLimits, writeSemNextId } from './sem-sysctls.js';

export interface HostRestorePlan {
  /** The sets, with distinct ids and distinct keys (other than IPC_PRIVATE). */
  sets: readonly HostSemSetSpec[];
  /** The limits to leave the namespace with, or null to leave its limits alone. */
  limits: SemLimits | null;
  /** The sem_next_id to leave pending (-1: none). */
  semNextId: number;
}

const IDX_MASK = IPCMNI - 1;
const hex = (key: number) => `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
const sameLimits = (a: SemLimits, b: SemLimits) =>
  a.semmsl === b.semmsl && a.semmns === b.semmns && a.semopm === b.semopm && a.semmni === b.semmni;

function refuse(problems: string[]): void {
  if (problems.length === 0) return;
  const n = problems.length - 1;
  const more = n > 0 ? ` (and ${n} more conflict${n > 1 ? 's' : ''})` : '';
  throw new HostSemError(`refused, nothing was created: ${problems[0]}${more}`);
}

/** Ids and keys already in use in the namespace. */
function checkFree(sets: readonly HostSemSetSpec[]): void {
  const existing = readSemSets();
  const byIdx = new Map(existing.map((s) => [s.idx, s]));
  const byKey = new Map(existing.filter((s) => s.key !== 0).map((s) => [s.key, s]));
  const problems: string[] = [];
  for (const s of sets) {
    const taken = byIdx.get(s.id & IDX_MASK);
    if (taken)
      problems.push(
        `id ${s.id} is taken: its index ${s.id & IDX_MASK} holds set ${taken.id} in this IPC namespace`,
      );
    const owner = s.key !== 0 ? byKey.get(s.key) : undefined;
    if (owner)
      problems.push(`key ${hex(s.key)} of set ${s.id} is taken by set ${owner.id} in this IPC namespace`);
  }
  refuse(problems);
}

/** The limits to create under: the current ones, raised to the image's where those are higher. */
function creationLimits(current: SemLimits, wanted: SemLimits | null): SemLimits {
  if (!wanted) return current;
  return {
    semmsl: Math.max(current.semmsl, wanted.semmsl),
    semmns: Math.max(current.semmns, wanted.semmns),
    semopm: current.semopm,
    semmni: Math.min(IPCMNI, Math.max(current.semmni, wanted.semmni)),
  };
}

function checkLimits(plan: HostRestorePlan, lim: SemLimits): void {
  if (plan.limits && (plan.limits.semmni < 0 || plan.limits.semmni > IPCMNI))
    refuse([`SEMMNI ${plan.limits.semmni} is outside 0..${IPCMNI}, which the kernel refuses`]);
  const usage = readSemUsage();
  const problems: string[] = [];
  for (const s of plan.sets)
    if (s.vals.length > lim.semmsl)
      problems.push(`set ${s.id} has ${s.vals.length} semaphores, more than SEMMSL ${lim.semmsl}`);
  const sems = usage.sems + plan.sets.reduce((n, s) => n + s.vals.length, 0);
  if (sems > lim.semmns) problems.push(`${sems} semaphores would be in use, more than SEMMNS ${lim.semmns}`);
  const count = usage.sets + plan.sets.length;
  if (count > Math.min(lim.semmni, IPCMNI))
    problems.push(`${count} sets would be in use, more than SEMMNI ${lim.semmni}`);
  refuse(problems);
}

/** Whether the thread can take each creator's ids (tried, and undone, before anything is made). */
function checkCreators(sets: readonly HostSemSetSpec[]): void {
  const me = threadEffectiveIds();
  const pairs = new Set(sets.map((s) => `${s.cuid}:${s.cgid}`));
  pairs.delete(`${me.euid}:${me.egid}`);
  for (const p of pairs) {
    const [cuid, cgid] = p.split(':').map(Number) as [number, number];
    try {
      withEffectiveIds(cuid, cgid, () => 0);
    } catch (e) {
      refuse([`sets created by uid ${cuid} gid ${cgid} cannot be made: ${(e as Error).message}`]);
    }
  }
}

/**
 * Creates the plan's sets and returns their ids; throws a HostSemError and leaves no set behind if it
 * cannot. `onProgress` hears of each set made: how many so far, and how many in all.
 */
export function restoreHostSets(
  plan: HostRestorePlan,
  onProgress?: (done: number, total: number) => void,
): number[] {
  const pendingBefore = readSemNextId();
  if (pendingBefore === null)
    throw new HostSemError(
      'refused, nothing was created: this kernel has no /proc/sys/kernel/sem_next_id (CONFIG_CHECKPOINT_RESTORE), so ids cannot be chosen',
    );
  checkFree(plan.sets);
  const current = readSemLimits();
  const lim = creationLimits(current, plan.limits);
  checkLimits(plan, lim);
  checkCreators(plan.sets);
  const changesLimits = plan.limits !== null && !sameLimits(plan.limits, current);
  if (changesLimits) {
    const r = writeSemLimits(lim);
    if (r < 0)
      throw new HostSemError(
        `refused, nothing was created: cannot write /proc/sys/kernel/sem: ${errnoName(r)}`,
        -r,
      );
  }
  const created: number[] = [];
  try {
    for (const s of plan.sets) {
      createSet(s);
      created.push(s.id);
      onProgress?.(created.length, plan.sets.length);
    }
    if (changesLimits)
      check(writeSemLimits(plan.limits!), 'writing the saved limits to /proc/sys/kernel/sem');
    if (plan.semNextId >= 0)
      check(writeSemNextId(plan.semNextId), `writing ${plan.semNextId} to /proc/sys/kernel/sem_next_id`);
    return created;
  } catch (e) {
    for (const id of created.reverse()) removeSet(id);
    if (changesLimits) writeSemLimits(current);
    const left = readSemNextId();
    const pending =
      left !== null && left >= 0 && left !== pendingBefore
        ? `; sem_next_id stays ${left} (the kernel takes no -1)`
        : '';
    const msg = e instanceof Error ? e.message : String(e);
    const n = created.length;
    const undone =
      n === 0
        ? 'nothing was created'
        : n === 1
          ? 'the set made before was removed'
          : `the ${n} sets made before were removed`;
    throw new HostSemError(`${msg}; ${undone}${pending}`, (e as HostSemError).errno);
  }
}
