// `semundo image inspect`: an image as text to read, line by line: the header, a table of sets per IPC
// namespace (ipcs -s and more), the processes and their threads, the undo lists.
import type { Image, ImageBody, NamespaceImage, ProcessImage, SetImage } from '../image/index.js';
import {
  errnoName,
  formatCounts,
  formatDispositions,
  formatNs,
  formatSops,
  hexKey,
  imageCounts,
  isoTime,
  octalMode,
  setOtime,
  sleeperCount,
} from './image-text.js';
import type { Progress } from './progress.js';
import { tableLines } from './text-table.js';

export const NOT_READABLE = 'not readable from this kernel';

const SET_HEADER = [
  'semid',
  'key',
  'owner',
  'creator',
  'perms',
  'nsems',
  'otime',
  'ctime',
  'sleepers',
  'values',
  'sempids',
];

const THREAD_HEADER = [
  'pid',
  'tid',
  'uid/euid',
  'gid/egid',
  'ns',
  'undo',
  'state',
  'call',
  'semid',
  'timeout',
  'sops',
];

function setRow(s: SetImage, host: boolean): string[] {
  const vals: number[] = [];
  const pids: number[] = [];
  for (const x of s.sems) {
    vals.push(x.val);
    pids.push(x.pid);
  }
  return [
    String(s.id),
    hexKey(s.key),
    `${s.uid}/${s.gid}`,
    `${s.cuid}/${s.cgid}`,
    octalMode(s.mode),
    String(s.sems.length),
    isoTime(setOtime(s)),
    isoTime(s.ctime),
    host ? '-' : String(sleeperCount(s)),
    vals.join(','),
    pids.join(','),
  ];
}

function* namespaceLines(
  ns: NamespaceImage,
  index: number,
  host: boolean,
  progress?: Progress,
): Generator<string> {
  const l = ns.limits;
  const n = ns.sets.length;
  yield `namespace ${index}  ipc:[${ns.inum}]  ${n} ${n === 1 ? 'set' : 'sets'}`;
  yield `limits       semmsl ${l.semmsl}, semmns ${l.semmns}, semopm ${l.semopm}, semmni ${l.semmni}`;
  yield `sem_next_id  ${ns.semNextId}`;
  yield `allocator    seq ${ns.ids.seq}, last index ${ns.ids.lastIdx}, cursor ${ns.ids.cursor}`;
  if (n === 0) return;
  yield '';
  const rows: string[][] = new Array<string[]>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = setRow(ns.sets[i]!, host);
    progress?.tick();
  }
  yield* tableLines(SET_HEADER, rows);
}

function callCells(call: ProcessImage['threads'][number]['call']): string[] {
  if (call === null) return ['-', '-', '-', '-'];
  if (call.state === 'held') return [`held ${errnoName(call.status)}`, '-', '-', '-'];
  return [
    'asleep',
    String(call.semid),
    call.remainingNs === null ? '-' : formatNs(call.remainingNs),
    formatSops(call.sops),
  ];
}

function* processLines(body: ImageBody, threads: number, progress?: Progress): Generator<string> {
  const n = body.processes.length;
  yield `processes  ${n} (${threads} ${threads === 1 ? 'thread' : 'threads'})`;
  if (n === 0) return;
  yield '';
  const rows: string[][] = [];
  for (const p of body.processes) {
    const state = p.stopped ? 'stopped' : 'running';
    for (const t of p.threads) {
      const c = t.cred;
      rows.push([
        String(p.pid),
        String(t.tid),
        `${c.uid}/${c.euid}`,
        `${c.gid}/${c.egid}`,
        String(t.ns),
        t.undoList === null ? '-' : String(t.undoList),
        state,
        ...callCells(t.call),
      ]);
      progress?.tick();
    }
  }
  yield* tableLines(THREAD_HEADER, rows);
  yield* sessionLines(body);
  const signals = body.processes.filter((p) => p.dispositions.length > 0);
  if (signals.length === 0) return;
  yield '';
  yield* tableLines(
    ['pid', 'signals'],
    signals.map((p) => [String(p.pid), formatDispositions(p.dispositions)]),
  );
}

/** An argument list as a shell would take it back: words with anything unusual in single quotes. */
function quoteArgs(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The process map of a live session's image: what tells each saved process from a later one with its pid. */
function* sessionLines(body: ImageBody): Generator<string> {
  if (!body.session) return;
  yield '';
  yield* tableLines(
    ['pid', 'ppid', 'start', 'comm', 'command line'],
    body.session.processes.map((p) => [
      String(p.pid),
      String(p.ppid),
      p.startTime,
      p.comm === '' ? '-' : p.comm,
      p.cmdline.length === 0 ? '(gone)' : quoteArgs(p.cmdline),
    ]),
  );
}

/** Each undo list's holders, by list index, in the order of the image's threads. */
export function undoHolders(body: ImageBody): number[][] {
  const holders: number[][] = body.undoLists.map(() => []);
  for (const p of body.processes)
    for (const t of p.threads) if (t.undoList !== null) holders[t.undoList]?.push(t.tid);
  return holders;
}

function* undoLines(body: ImageBody, progress?: Progress): Generator<string> {
  const n = body.undoLists.length;
  yield `undo lists  ${n}`;
  const holders = undoHolders(body);
  for (let i = 0; i < n; i++) {
    const entries = body.undoLists[i]!.entries;
    yield '';
    yield `undo list ${i}: held by ${holders[i]!.join(' ')}; ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`;
    for (const e of entries) yield `  ${e.semid}: ${e.semadj.join(' ')}`;
    progress?.tick();
  }
}

/**
 * The text of `img`, one line at a time (without newlines). `progress`, if given, is started on the
 * sets, threads and undo lists and ticked once for each.
 */
export function* inspectLines(img: Image, progress?: Progress): Generator<string> {
  const body = img.body;
  const counts = imageCounts(img);
  const host = body.source === 'host';
  yield `format     ${img.magic}, version ${img.version}`;
  yield `producer   ${img.producer}`;
  yield `checksum   ${img.checksum}`;
  yield `source     ${body.source}${host ? ' (a real kernel: sets only)' : ''}`;
  yield `last pid   ${body.lastPid}`;
  yield `contents   ${formatCounts(counts)}`;
  if (body.session)
    yield `taken      ${isoTime(body.session.takenAt)} from the running session of ${quoteArgs(body.session.command)}`;
  progress?.start('inspecting', counts.sets + counts.threads + counts.undoLists);
  for (let i = 0; i < body.namespaces.length; i++) {
    yield '';
    yield* namespaceLines(body.namespaces[i]!, i, host, progress);
  }
  yield '';
  if (host && counts.processes === 0) yield `processes  ${NOT_READABLE}`;
  else yield* processLines(body, counts.threads, progress);
  yield '';
  if (host && counts.undoLists === 0) yield `undo lists  ${NOT_READABLE}`;
  else yield* undoLines(body, progress);
  progress?.end();
}
