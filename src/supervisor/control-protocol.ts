// The control socket of a session: one JSON request per line, one JSON answer per line.

/** What a client may ask. */
export type Request =
  | { op: 'ps' }
  | { op: 'ipcs' }
  | { op: 'checkpoint' }
  | { op: 'adopt'; old: number; pid: number }
  | { op: 'undo'; pid: number; tid?: number }
  | { op: 'sleeping'; tids: number[] };

export type Answer<T = unknown> = { ok: true; result: T } | { ok: false; error: string; errno?: string };

/** One process of the session as the model knows it. */
export interface PsProcess {
  pid: number;
  ppid: number;
  uid: number;
  threads: { tid: number; sleeping: boolean }[];
  /** Undo entries in the list of the process's leader (0 when it has none). */
  undoEntries: number;
  /** The IPC namespace (inode) the leader is in. */
  ipcNs: number;
}

export interface PsResult {
  /** pid: the session's (its keeper's, `semundo run`'s own); server: the process that serves it now. */
  session: {
    pid: number;
    command: string[];
    owner: number;
    startedAt: number;
    keeper: number;
    server: number;
    /** Servers that died and were replaced. */
    restarts: number;
  };
  processes: PsProcess[];
}

/** A set as ipcs shows it (util-linux reads /proc/sysvipc/sem, then GETVAL/GETNCNT/GETZCNT/GETPID per semaphore). */
export interface IpcsSet {
  key: number;
  semid: number;
  mode: number;
  nsems: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  otime: number;
  ctime: number;
  sems: { value: number; ncount: number; zcount: number; pid: number }[];
}

export interface IpcsResult {
  /** /proc/sys/kernel/sem: semmsl, semmns, semopm, semmni. */
  limits: [number, number, number, number];
  /** SEM_INFO: semusz (sets in use) and semaem (semaphores allocated). */
  used: { sets: number; sems: number };
  sets: IpcsSet[];
  /** The undo list of every process that has one: pid, then its lines as /proc/<pid>/semundo shows them. */
  undo: { pid: number; text: string }[];
}

/** The caller of a request, from the socket's peer credentials and /proc. */
export interface Caller {
  pid: number;
  uids: [number, number, number, number];
  gids: [number, number, number, number];
  groups: number[];
  capEff: string;
}

/** A line longer than this is refused (and the connection closed). */
export const MAX_REQUEST_BYTES = 64 * 1024;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A request parsed from untrusted text, or a message saying what is wrong with it. */
export function parseRequest(line: string): Request | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a request is a JSON object';
  const r = v as Record<string, unknown>;
  const keys = Object.keys(r);
  const only = (...allowed: string[]): boolean => keys.every((k) => allowed.includes(k));
  switch (r.op) {
    case 'ps':
    case 'ipcs':
    case 'checkpoint':
      return only('op') ? { op: r.op } : `unknown field in ${r.op}`;
    case 'undo':
      if (!only('op', 'pid', 'tid')) return 'unknown field in undo';
      if (!isInt(r.pid) || r.pid < 1 || r.pid > 0x3fffffff) return 'undo: pid must be a positive integer';
      if (r.tid !== undefined && (!isInt(r.tid) || r.tid < 1 || r.tid > 0x3fffffff))
        return 'undo: tid must be a positive integer';
      return r.tid === undefined ? { op: 'undo', pid: r.pid } : { op: 'undo', pid: r.pid, tid: r.tid };
    case 'adopt':
      if (!only('op', 'old', 'pid')) return 'unknown field in adopt';
      if (!isInt(r.old) || r.old < 1 || r.old > 0x3fffffff) return 'adopt: old must be a positive integer';
      if (!isInt(r.pid) || r.pid < 1 || r.pid > 0x3fffffff) return 'adopt: pid must be a positive integer';
      return { op: 'adopt', old: r.old, pid: r.pid };
    case 'sleeping':
      if (!only('op', 'tids')) return 'unknown field in sleeping';
      if (!Array.isArray(r.tids) || r.tids.length > 4096 || !r.tids.every((t) => isInt(t) && t > 0))
        return 'sleeping: tids must be a list of at most 4096 positive integers';
      return { op: 'sleeping', tids: r.tids as number[] };
  }
  return 'unknown op';
}
