// Turning an Action of a scenario into a backend Call: `$X` references take their values from the run.
import type { Timespec } from '../abi/index.js';
import type { Call } from './backend.js';
import { orAll } from './parse/values.js';
import type { CallAction, Expr, Ref, Template, TimeoutExpr } from './scenario-types.js';

/** The values of references in one run: saved numbers, and task pids / tids. */
export interface RefValues {
  value(r: Ref): number;
}

export function evalExpr(e: Expr, v: RefValues): number {
  if (e.single) return v.value(e.refs[0]!);
  if (e.refs.length === 0) return e.constant;
  return orAll([e.constant, ...e.refs.map((r) => v.value(r))]);
}

export function evalTemplate(t: Template, v: RefValues): string {
  return t.map((p) => (typeof p === 'string' ? p : String(v.value(p)))).join('');
}

const SHORT_NS = 200_000_000n;
const NSEC_PER_SEC = 1_000_000_000n;

/**
 * What semtimedop is given: a count of nanoseconds (timeout_ns, negative for an invalid timespec) or
 * a timespec; and whether the call is one to wait for (under 200 ms, or invalid).
 */
function timeout(
  t: TimeoutExpr,
  v: RefValues,
): { timeout: bigint | Timespec | null; shortNs: bigint | null } {
  if (t === null) return { timeout: null, shortNs: null };
  if ('ns' in t) {
    const ns = typeof t.ns === 'bigint' ? t.ns : BigInt(evalExpr(t.ns, v));
    return { timeout: ns, shortNs: ns < 0n ? 0n : ns < SHORT_NS ? ns : null };
  }
  const ts = { tv_sec: evalExpr(t.sec, v), tv_nsec: evalExpr(t.nsec, v) };
  const sec = BigInt(ts.tv_sec);
  const nsec = BigInt(ts.tv_nsec);
  if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return { timeout: ts, shortNs: 0n };
  const total = sec * NSEC_PER_SEC + nsec;
  return { timeout: ts, shortNs: total < SHORT_NS ? total : null };
}

/** The timespec of a timeout, exactly: a count of nanoseconds split, a negative count as an invalid one. */
export function timespecOf(t: bigint | Timespec): { tv_sec: bigint; tv_nsec: bigint } {
  if (typeof t !== 'bigint') return { tv_sec: BigInt(t.tv_sec), tv_nsec: BigInt(t.tv_nsec) };
  if (t < 0n) return { tv_sec: -1n, tv_nsec: 0n };
  return { tv_sec: t / NSEC_PER_SEC, tv_nsec: t % NSEC_PER_SEC };
}

export function resolveCall(a: CallAction, v: RefValues): Call {
  const n = (e: Expr) => evalExpr(e, v);
  const opt = (e: Expr | undefined) => (e === undefined ? undefined : n(e));
  const sops = (s: CallAction & { do: 'semop' }) =>
    s.sops.map(([num, op, flg]) => ({ sem_num: n(num), sem_op: n(op), sem_flg: n(flg) }));
  switch (a.do) {
    case 'spawn': {
      const uid = a.uid ? n(a.uid) : 0;
      return {
        op: 'spawn',
        task: a.task,
        uid,
        gid: a.gid ? n(a.gid) : uid,
        groups: (a.groups ?? []).map(n),
        ...(a.caps && { caps: a.caps }),
      };
    }
    case 'fork':
    case 'thread':
      return { op: a.do, task: a.task, from: a.from, sysvsem: a.sysvsem };
    case 'setcred': {
      const c: Call & { op: 'setcred' } = { op: 'setcred', task: a.task };
      for (const k of ['uid', 'gid', 'euid', 'egid'] as const) if (a[k]) c[k] = opt(a[k]);
      if (a.groups) c.groups = a.groups.map(n);
      if (a.caps) c.caps = a.caps;
      return c;
    }
    case 'semget':
      return { op: 'semget', task: a.task, key: n(a.key), nsems: n(a.nsems), flags: n(a.flags) };
    case 'semop':
      return { op: 'semop', task: a.task, semid: n(a.semid), sops: sops(a) };
    case 'semtimedop':
      return {
        op: 'semtimedop',
        task: a.task,
        semid: n(a.semid),
        sops: sops({ ...a, do: 'semop' }),
        ...timeout(a.timeout, v),
      };
    case 'semctl': {
      const base = {
        op: 'semctl' as const,
        task: a.task,
        semid: n(a.semid),
        semnum: n(a.semnum),
        cmd: n(a.cmd),
      };
      if (!a.arg) return base;
      const arg =
        a.arg.kind === 'value'
          ? n(a.arg.value)
          : a.arg.kind === 'values'
            ? a.arg.values.map(n)
            : { uid: n(a.arg.uid), gid: n(a.arg.gid), mode: n(a.arg.mode) };
      return { ...base, arg };
    }
    case 'unshare':
      return { op: 'unshare', task: a.task, flags: n(a.flags) };
    case 'sigaction':
      return { op: 'sigaction', task: a.task, sig: n(a.sig), action: a.action };
    case 'kill':
      return { op: 'kill', task: a.task, sig: n(a.sig) };
    case 'exit':
    case 'exec':
      return { op: a.do, task: a.task };
    case 'read':
      return {
        op: 'read',
        task: a.task,
        path: evalTemplate(a.path, v),
        ...(a.chunk && { chunk: n(a.chunk) }),
      };
    case 'write':
      return { op: 'write', task: a.task, path: evalTemplate(a.path, v), data: evalTemplate(a.data, v) };
  }
}
