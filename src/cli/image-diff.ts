// `semundo image diff`: what differs between the states two images hold, one line per difference.
// Namespaces are matched by index, sets by id, processes by pid, threads by tid and undo lists by the
// threads that hold them; the producer and the checksum are not compared (the body is the state).
import type {
  CallImage,
  CredImage,
  Image,
  ImageBody,
  NamespaceImage,
  ProcessImage,
  SetImage,
  ThreadImage,
  UndoListImage,
} from '../image/index.js';
import { undoHolders } from './image-inspect.js';
import {
  describeCall,
  formatDispositions,
  formatNs,
  formatSops,
  hexKey,
  isoTime,
  octalMode,
} from './image-text.js';
import type { Progress } from './progress.js';

type Show = (v: number) => string;

const ARROW = '→';
const list = (xs: readonly (number | string)[]): string => (xs.length === 0 ? 'none' : xs.join(' '));

function* field<T extends string | number | boolean>(
  where: string,
  name: string,
  a: T,
  b: T,
  show: (v: T) => string = String,
): Generator<string> {
  if (a !== b) yield `${where}${name}: ${show(a)} ${ARROW} ${show(b)}`;
}

/** Keys of two maps: those of `a` in their order, then those only in `b`, in theirs. */
function unionKeys<K>(a: ReadonlyMap<K, unknown>, b: ReadonlyMap<K, unknown>): K[] {
  const keys = [...a.keys()];
  for (const k of b.keys()) if (!a.has(k)) keys.push(k);
  return keys;
}

function* queuesDiff(where: string, a: SetImage['queues'], b: SetImage['queues']): Generator<string> {
  yield* field(where, 'queue alter', list(a.alter), list(b.alter));
  yield* field(where, 'queue const', list(a.const), list(b.const));
  const none = { alter: [] as number[], const: [] as number[] };
  const qa = new Map(a.sems.map((q) => [q.num, q]));
  const qb = new Map(b.sems.map((q) => [q.num, q]));
  const nums = unionKeys(qa, qb).sort((x, y) => x - y);
  for (const n of nums) {
    const x = qa.get(n) ?? none;
    const y = qb.get(n) ?? none;
    yield* field(where, `sems[${n}] queue alter`, list(x.alter), list(y.alter));
    yield* field(where, `sems[${n}] queue const`, list(x.const), list(y.const));
  }
}

function* setDiff(where: string, a: SetImage, b: SetImage): Generator<string> {
  yield* field(where, 'key', a.key, b.key, hexKey);
  yield* field(where, 'uid', a.uid, b.uid);
  yield* field(where, 'gid', a.gid, b.gid);
  yield* field(where, 'cuid', a.cuid, b.cuid);
  yield* field(where, 'cgid', a.cgid, b.cgid);
  yield* field(where, 'mode', a.mode, b.mode, octalMode);
  yield* field(where, 'ctime', a.ctime, b.ctime, isoTime as Show);
  yield* field(where, 'nsems', a.sems.length, b.sems.length);
  const n = Math.min(a.sems.length, b.sems.length);
  for (let i = 0; i < n; i++) {
    const x = a.sems[i]!;
    const y = b.sems[i]!;
    if (x.val === y.val && x.pid === y.pid && x.otime === y.otime) continue;
    yield* field(where, `sems[${i}].val`, x.val, y.val);
    yield* field(where, `sems[${i}].pid`, x.pid, y.pid);
    yield* field(where, `sems[${i}].otime`, x.otime, y.otime, isoTime as Show);
  }
  yield* queuesDiff(where, a.queues, b.queues);
}

const setSummary = (s: SetImage) => `key ${hexKey(s.key)}, ${s.sems.length} semaphores`;

function* namespaceDiff(
  i: number,
  a: NamespaceImage,
  b: NamespaceImage,
  progress?: Progress,
): Generator<string> {
  const where = `namespace ${i}: `;
  yield* field(where, 'inum', a.inum, b.inum);
  for (const k of ['semmsl', 'semmns', 'semopm', 'semmni'] as const)
    yield* field(where, `limits.${k}`, a.limits[k], b.limits[k]);
  yield* field(where, 'semNextId', a.semNextId, b.semNextId);
  for (const k of ['seq', 'lastIdx', 'cursor'] as const) yield* field(where, `ids.${k}`, a.ids[k], b.ids[k]);
  const sa = new Map(a.sets.map((s) => [s.id, s]));
  const sb = new Map(b.sets.map((s) => [s.id, s]));
  const ids = unionKeys(sa, sb).sort((x, y) => x - y);
  for (const id of ids) {
    const x = sa.get(id);
    const y = sb.get(id);
    const at = `${where}set ${id}: `;
    if (!y) yield `${at}removed (${setSummary(x!)})`;
    else if (!x) yield `${at}added (${setSummary(y)})`;
    else yield* setDiff(at, x, y);
    progress?.tick((x ? 1 : 0) + (y ? 1 : 0));
  }
}

const NUMERIC_CRED = ['uid', 'gid', 'euid', 'egid', 'suid', 'sgid', 'fsuid', 'fsgid'] as const;
const LIST_CRED = ['groups', 'capEff', 'capPrm'] as const;

function* credDiff(where: string, a: CredImage, b: CredImage): Generator<string> {
  for (const k of NUMERIC_CRED) yield* field(where, `cred.${k}`, a[k], b[k]);
  for (const k of LIST_CRED) yield* field(where, `cred.${k}`, list(a[k]), list(b[k]));
}

function* callDiff(where: string, a: CallImage | null, b: CallImage | null): Generator<string> {
  if (a === null && b === null) return;
  if (a?.state === 'sleeping' && b?.state === 'sleeping') {
    yield* field(where, 'call.semid', a.semid, b.semid);
    yield* field(where, 'call.sops', formatSops(a.sops), formatSops(b.sops));
    yield* field(where, 'call.blocking', a.blocking, b.blocking);
    yield* field(where, 'call.undo', a.undo, b.undo);
    const t = (ns: string | null) => (ns === null ? 'none' : formatNs(ns));
    yield* field(where, 'call.timeout', t(a.remainingNs), t(b.remainingNs));
    return;
  }
  yield* field(where, 'call', describeCall(a), describeCall(b));
}

/** What the diff knows of each image: its body, and each undo list's holders. */
interface Side {
  body: ImageBody;
  holders: number[][];
}

function undoLabel(side: Side, t: ThreadImage): string {
  return t.undoList === null ? 'none' : `list held by ${side.holders[t.undoList]!.join(' ')}`;
}

function* threadDiff(where: string, sa: Side, a: ThreadImage, sb: Side, b: ThreadImage): Generator<string> {
  yield* credDiff(where, a.cred, b.cred);
  yield* field(where, 'ns', a.ns, b.ns);
  if ((a.undoList === null) !== (b.undoList === null))
    yield `${where}undo list: ${undoLabel(sa, a)} ${ARROW} ${undoLabel(sb, b)}`;
  yield* callDiff(where, a.call, b.call);
}

function* processDiff(sa: Side, a: ProcessImage, sb: Side, b: ProcessImage): Generator<string> {
  const where = `process ${a.pid}: `;
  yield* field(where, 'stopped', a.stopped, b.stopped);
  yield* field(where, 'signals', formatDispositions(a.dispositions), formatDispositions(b.dispositions));
  const ta = new Map(a.threads.map((t) => [t.tid, t]));
  const tb = new Map(b.threads.map((t) => [t.tid, t]));
  const orderA = a.threads.filter((t) => tb.has(t.tid)).map((t) => t.tid);
  const orderB = b.threads.filter((t) => ta.has(t.tid)).map((t) => t.tid);
  yield* field(where, 'thread order', list(orderA), list(orderB));
  for (const tid of unionKeys(ta, tb)) {
    const x = ta.get(tid);
    const y = tb.get(tid);
    const at = `${where}thread ${tid}: `;
    if (!y) yield `${at}removed`;
    else if (!x) yield `${at}added`;
    else yield* threadDiff(at, sa, x, sb, y);
  }
}

const threadCount = (p: ProcessImage) =>
  `${p.threads.length} ${p.threads.length === 1 ? 'thread' : 'threads'}`;

function* entriesDiff(where: string, a: UndoListImage, b: UndoListImage): Generator<string> {
  const ea = new Map(a.entries.map((e) => [e.semid, e.semadj.join(' ')]));
  const eb = new Map(b.entries.map((e) => [e.semid, e.semadj.join(' ')]));
  for (const semid of unionKeys(ea, eb)) {
    const x = ea.get(semid);
    const y = eb.get(semid);
    if (y === undefined) yield `${where}set ${semid}: removed (${x})`;
    else if (x === undefined) yield `${where}set ${semid}: added (${y})`;
    else yield* field(where, `set ${semid}`, x, y);
  }
  const orderA = a.entries.filter((e) => eb.has(e.semid)).map((e) => e.semid);
  const orderB = b.entries.filter((e) => ea.has(e.semid)).map((e) => e.semid);
  yield* field(where, 'order', list(orderA), list(orderB));
}

function least(xs: readonly number[]): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}

/** Lists are matched through the threads that hold one in both images. */
function* undoDiff(sa: Side, sb: Side): Generator<string> {
  const listOf = (s: Side) => {
    const m = new Map<number, number | null>();
    for (const p of s.body.processes) for (const t of p.threads) m.set(t.tid, t.undoList);
    return m;
  };
  const la = listOf(sa);
  const lb = listOf(sb);
  const pairs = new Map<string, { a: number; b: number; tids: number[] }>();
  for (const [tid, a] of la) {
    const b = lb.get(tid);
    if (a === null || b === null || b === undefined) continue;
    const key = `${a} ${b}`;
    const pair = pairs.get(key);
    if (pair) pair.tids.push(tid);
    else pairs.set(key, { a, b, tids: [tid] });
  }
  const pairedA = new Set([...pairs.values()].map((p) => p.a));
  const pairedB = new Set([...pairs.values()].map((p) => p.b));
  const out: { first: number; lines: string[] }[] = [];
  const entries = (l: UndoListImage) => `${l.entries.length} ${l.entries.length === 1 ? 'entry' : 'entries'}`;
  sa.body.undoLists.forEach((l, i) => {
    if (pairedA.has(i)) return;
    const h = sa.holders[i]!;
    out.push({ first: least(h), lines: [`undo list of ${h.join(' ')}: removed (${entries(l)})`] });
  });
  sb.body.undoLists.forEach((l, i) => {
    if (pairedB.has(i)) return;
    const h = sb.holders[i]!;
    out.push({ first: least(h), lines: [`undo list of ${h.join(' ')}: added (${entries(l)})`] });
  });
  for (const p of pairs.values()) {
    const where = `undo list of ${p.tids.join(' ')}: `;
    const lines = [
      ...field(where, 'holders', list(sa.holders[p.a]!), list(sb.holders[p.b]!)),
      ...entriesDiff(where, sa.body.undoLists[p.a]!, sb.body.undoLists[p.b]!),
    ];
    out.push({ first: least(p.tids), lines });
  }
  out.sort((x, y) => x.first - y.first);
  for (const o of out) yield* o.lines;
}

/**
 * The differences between the states `a` and `b` hold, one line each, in image order: the body's
 * own fields, namespaces (and their sets), processes (and their threads), undo lists. No line: the
 * same state. `progress`, if given, is started on the sets and ticked once for each.
 */
export function* diffLines(a: Image, b: Image, progress?: Progress): Generator<string> {
  const ba = a.body;
  const bb = b.body;
  yield* field('', 'source', ba.source, bb.source);
  yield* field('', 'lastPid', ba.lastPid, bb.lastPid);
  let sets = 0;
  for (const ns of [...ba.namespaces, ...bb.namespaces]) sets += ns.sets.length;
  progress?.start('comparing', sets);
  const n = Math.max(ba.namespaces.length, bb.namespaces.length);
  for (let i = 0; i < n; i++) {
    const x = ba.namespaces[i];
    const y = bb.namespaces[i];
    const summary = (ns: NamespaceImage) => `ipc:[${ns.inum}], ${ns.sets.length} sets`;
    if (!y) yield `namespace ${i}: removed (${summary(x!)})`;
    else if (!x) yield `namespace ${i}: added (${summary(y)})`;
    else yield* namespaceDiff(i, x, y, progress);
    if (!x || !y) progress?.tick((x ?? y)!.sets.length);
  }
  progress?.end();
  const sa: Side = { body: ba, holders: undoHolders(ba) };
  const sb: Side = { body: bb, holders: undoHolders(bb) };
  const pa = new Map(ba.processes.map((p) => [p.pid, p]));
  const pb = new Map(bb.processes.map((p) => [p.pid, p]));
  for (const pid of unionKeys(pa, pb).sort((x, y) => x - y)) {
    const x = pa.get(pid);
    const y = pb.get(pid);
    if (!y) yield `process ${pid}: removed (${threadCount(x!)})`;
    else if (!x) yield `process ${pid}: added (${threadCount(y)})`;
    else yield* processDiff(sa, x, sb, y);
  }
  yield* undoDiff(sa, sb);
}
