// How the image commands write the fields of an image: keys in hex as ipcs does, modes in octal,
// times as ISO dates, sops, calls, and the counts that summarise an image.
import { ERRNO_NAMES, IPC_NOWAIT, SEM_UNDO, SIGNALS } from '../abi/index.js';
import type { CallImage, DispositionImage, Image, SetImage } from '../image/index.js';

/** A key as ipcs prints it: 0x%08x of the 32-bit value. */
export function hexKey(key: number): string {
  return `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}

/** Permission bits in octal, as ipcs prints them (600, 000). */
export function octalMode(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/** The largest time a Date can hold, in seconds. */
const DATE_MAX_SECONDS = 8.64e12;

/** Seconds since the epoch as an ISO date (2027-01-15T08:00:00Z); "-" for 0, never set. */
export function isoTime(seconds: number): string {
  if (seconds === 0) return '-';
  if (seconds > DATE_MAX_SECONDS) return `@${seconds}`;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The set's sem_otime: the latest of its semaphores' otime. */
export function setOtime(set: SetImage): number {
  let t = 0;
  for (const s of set.sems) if (s.otime > t) t = s.otime;
  return t;
}

/** How many threads sleep on the set (each counted once, whichever queues it is on). */
export function sleeperCount(set: SetImage): number {
  const q = set.queues;
  if (q.alter.length + q.const.length + q.sems.length === 0) return 0;
  const tids = new Set<number>([...q.alter, ...q.const]);
  for (const s of q.sems) for (const t of [...s.alter, ...s.const]) tids.add(t);
  return tids.size;
}

function flags(flg: number): string {
  const names: string[] = [];
  let rest = flg & 0xffff;
  if (rest & IPC_NOWAIT) names.push('IPC_NOWAIT');
  if (rest & SEM_UNDO) names.push('SEM_UNDO');
  rest &= ~(IPC_NOWAIT | SEM_UNDO);
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names.join('|');
}

/** Sops as semop(1)-like words: sem_num:op, with the flags in parentheses (0:-1(SEM_UNDO) 1:+1). */
export function formatSops(sops: readonly { sem_num: number; sem_op: number; sem_flg: number }[]): string {
  return sops
    .map((s) => {
      const f = flags(s.sem_flg);
      return `${s.sem_num}:${s.sem_op > 0 ? '+' : ''}${s.sem_op}${f === '' ? '' : `(${f})`}`;
    })
    .join(' ');
}

/** Nanoseconds as seconds, without trailing zeros: "5s", "3.25s", "0.000000001s". */
export function formatNs(ns: string): string {
  const n = BigInt(ns);
  const whole = n / 1_000_000_000n;
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}${frac === '' ? '' : `.${frac}`}s`;
}

/** A negative errno as its name: -4 → "EINTR"; unknown numbers stay numbers. */
export function errnoName(status: number): string {
  return ERRNO_NAMES[-status] ?? String(status);
}

/** A call in one phrase, for a table or a diff line. */
export function describeCall(call: CallImage | null): string {
  if (call === null) return 'none';
  if (call.state === 'held') return `held ${errnoName(call.status)}`;
  const timeout = call.remainingNs === null ? 'no timeout' : `timeout ${formatNs(call.remainingNs)}`;
  return `asleep on ${call.semid}: ${formatSops(call.sops)}, ${timeout}`;
}

const SIGNAL_NAMES = new Map(Object.entries(SIGNALS).map(([name, n]) => [n, name]));

export function signalName(sig: number): string {
  return SIGNAL_NAMES.get(sig) ?? `signal ${sig}`;
}

/** Dispositions as "SIGUSR1 catch, SIGHUP ignore"; "default" when there is none. */
export function formatDispositions(ds: readonly DispositionImage[]): string {
  if (ds.length === 0) return 'default';
  return ds.map((d) => `${signalName(d.sig)} ${d.action}`).join(', ');
}

export interface ImageCounts {
  namespaces: number;
  sets: number;
  semaphores: number;
  processes: number;
  threads: number;
  undoLists: number;
  entries: number;
}

export function imageCounts(img: Image): ImageCounts {
  const b = img.body;
  let sets = 0;
  let semaphores = 0;
  for (const ns of b.namespaces) {
    sets += ns.sets.length;
    for (const s of ns.sets) semaphores += s.sems.length;
  }
  let threads = 0;
  for (const p of b.processes) threads += p.threads.length;
  let entries = 0;
  for (const l of b.undoLists) entries += l.entries.length;
  return {
    namespaces: b.namespaces.length,
    sets,
    semaphores,
    processes: b.processes.length,
    threads,
    undoLists: b.undoLists.length,
    entries,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 namespaces, 3 sets, 6 semaphores, 4 processes, 2 undo lists, 3 entries". */
export function formatCounts(c: ImageCounts): string {
  return [
    plural(c.namespaces, 'namespace'),
    plural(c.sets, 'set'),
    plural(c.semaphores, 'semaphore'),
    plural(c.processes, 'process', 'processes'),
    plural(c.undoLists, 'undo list'),
    plural(c.entries, 'entry', 'entries'),
  ].join(', ');
}
