// Between the real kernel's semaphore sets (src/host, plain data) and images (src/image): what a host
// image holds, what it derives, and what a host restore takes from an image.
import type { HostSemNamespace } from '../host/sem-namespace-read.js';
import type { HostSemSet } from '../host/sem-sets-read.js';
import type { HostRestorePlan } from '../host/sem-restore.js';
import type { HostSemSetSpec } from '../host/sem-set-create.js';
import type { Image, ImageBody, NamespaceImage, SemImage, SetImage } from '../image/index.js';

/**
 * Per-semaphore otime: the kernel shows only the set's sem_otime, the latest of its semaphores'. A
 * semaphore whose sempid is 0 was never operated on, so its otime is 0; the others get the set's
 * sem_otime, the bound that holds for each of them. If sem_otime is set but no sempid is visible
 * (the pids belong to a pid namespace the caller cannot see), semaphore 0 carries it, so that the
 * set's sem_otime, the one time anyone can observe, is kept in every case.
 */
export function semOtimes(set: Pick<HostSemSet, 'otime' | 'pids'>): number[] {
  const anyPid = set.pids.some((p) => p !== 0);
  return set.pids.map((p, i) => (set.otime !== 0 && (p !== 0 || (!anyPid && i === 0)) ? set.otime : 0));
}

function setImage(s: HostSemSet): SetImage {
  const otimes = semOtimes(s);
  const sems: SemImage[] = s.vals.map((val, i) => ({ val, pid: s.pids[i]!, otime: otimes[i]! }));
  return {
    id: s.id,
    key: s.key,
    uid: s.uid,
    gid: s.gid,
    cuid: s.cuid,
    cgid: s.cgid,
    mode: s.mode,
    ctime: s.ctime,
    sems,
    queues: { alter: [], const: [], sems: [] },
  };
}

/**
 * The id allocator, derived (the kernel does not show it): the sequence number is the largest among
 * the sets' ids, the last index the largest index among the sets with that sequence number, and the
 * cyclic cursor the index after it; with no sets, the state of a new namespace.
 */
export function derivedIds(sets: readonly HostSemSet[]): NamespaceImage['ids'] {
  if (sets.length === 0) return { seq: 0, lastIdx: -1, cursor: 0 };
  let seq = 0;
  for (const s of sets) seq = Math.max(seq, s.seq);
  let lastIdx = -1;
  for (const s of sets) if (s.seq === seq) lastIdx = Math.max(lastIdx, s.idx);
  return { seq, lastIdx, cursor: lastIdx + 1 };
}

/** The body of a host image: one namespace, no processes, no undo lists (the kernel shows neither). */
export function hostImageBody(ns: HostSemNamespace): ImageBody {
  let lastPid = ns.lastPid ?? 0;
  if (ns.lastPid === null) for (const s of ns.sets) for (const p of s.pids) lastPid = Math.max(lastPid, p);
  return {
    source: 'host',
    lastPid,
    namespaces: [
      {
        inum: ns.inum,
        limits: { ...ns.limits },
        semNextId: ns.semNextId,
        ids: derivedIds(ns.sets),
        sets: ns.sets.map(setImage),
      },
    ],
    undoLists: [],
    processes: [],
  };
}

function setSpec(s: SetImage): HostSemSetSpec {
  return {
    id: s.id,
    key: s.key,
    uid: s.uid,
    gid: s.gid,
    cuid: s.cuid,
    cgid: s.cgid,
    mode: s.mode,
    vals: s.sems.map((x) => x.val),
    pids: s.sems.map((x) => x.pid),
  };
}

/**
 * What a host restore recreates from an image: the sets of its first namespace, its limits (unless
 * `limits` is false) and its pending sem_next_id; and notes for what it leaves out.
 */
export function hostRestorePlan(
  img: Image,
  opts: { limits: boolean },
): { plan: HostRestorePlan; notes: string[] } {
  const body = img.body;
  const ns = body.namespaces[0]!;
  const notes: string[] = [];
  const sleepers = ns.sets.some(
    (s) => s.queues.alter.length + s.queues.const.length + s.queues.sems.length > 0,
  );
  if (body.processes.length > 0 || body.undoLists.length > 0)
    notes.push(
      `processes and undo lists cannot be restored into a real kernel: the image's ${body.processes.length} processes, ` +
        `${body.undoLists.length} undo lists${sleepers ? ' and sleeping calls' : ''} are left out`,
    );
  if (body.namespaces.length > 1)
    notes.push(
      `only the image's first IPC namespace is restored; ${body.namespaces.length - 1} more are left out`,
    );
  return {
    plan: {
      sets: ns.sets.map(setSpec),
      limits: opts.limits ? { ...ns.limits } : null,
      semNextId: ns.semNextId,
    },
    notes,
  };
}
