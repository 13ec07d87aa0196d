// Argument checks at the public edge: wrong JavaScript types are TypeErrors naming the argument.
import type { Sembuf, SemidDsSet, Timespec } from '../abi/index.js';

function typeError(name: string, what: string, v: unknown): TypeError {
  const e = new TypeError(`The "${name}" argument must be ${what}. Received ${describe(v)}`);
  (e as TypeError & { code: string }).code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an instance of Array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `type string ('${v.slice(0, 20)}')`;
  return `type ${typeof v} (${String(v)})`;
}

/** An integer representable in the C type [lo, hi]; a RangeError outside it. */
export function intArg(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(name, 'an integer', v);
  if (v < lo || v > hi) {
    const e = new RangeError(
      `The value of "${name}" is out of range. It must be >= ${lo} and <= ${hi}. Received ${v}`,
    );
    (e as RangeError & { code: string }).code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  return v;
}

const INT_MIN = -0x80000000;
const UINT_MAX = 0xffffffff;

/** A C `int` argument; values up to UINT_MAX are taken as their 32-bit pattern (as C would). */
export function cInt(name: string, v: unknown): number {
  return intArg(name, v, INT_MIN, UINT_MAX) | 0;
}

function sembuf(i: number, s: unknown): Sembuf {
  if (typeof s !== 'object' || s === null) throw typeError(`sops[${i}]`, 'an object', s);
  const o = s as Record<string, unknown>;
  return {
    sem_num: intArg(`sops[${i}].sem_num`, o.sem_num, 0, 0xffff),
    sem_op: intArg(`sops[${i}].sem_op`, o.sem_op, -0x8000, 0x7fff),
    sem_flg: intArg(`sops[${i}].sem_flg`, o.sem_flg ?? 0, -0x8000, 0xffff),
  };
}

/** struct sembuf[]: checked; returned as given when every element is already well-formed. */
export function sopsArg(v: unknown): readonly Sembuf[] {
  if (!Array.isArray(v)) throw typeError('sops', 'an array of {sem_num, sem_op, sem_flg}', v);
  for (let i = 0; i < v.length; i++) {
    const s = v[i] as Sembuf;
    if (
      typeof s !== 'object' ||
      s === null ||
      !isU16(s.sem_num) ||
      !isS16(s.sem_op) ||
      !(isS16(s.sem_flg) || isU16(s.sem_flg))
    )
      return v.map((x, j) => sembuf(j, x));
  }
  return v as Sembuf[];
}

function isU16(x: unknown): boolean {
  return typeof x === 'number' && (x & 0xffff) === x;
}

function isS16(x: unknown): boolean {
  return typeof x === 'number' && (x << 16) >> 16 === x;
}

/** A semtimedop timeout: ns as number/bigint (negative = an invalid timespec), a timespec, or none. */
export function timeoutArg(v: unknown): Timespec | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint' || typeof v === 'number') {
    if (typeof v === 'number' && !Number.isInteger(v)) throw typeError('timeout', 'an integer', v);
    const ns = BigInt(v);
    if (ns < 0n) return { tv_sec: -1, tv_nsec: 0 };
    return { tv_sec: ns / 1_000_000_000n, tv_nsec: ns % 1_000_000_000n };
  }
  if (typeof v === 'object') {
    const t = v as Record<string, unknown>;
    const ok = (x: unknown) => typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x));
    if (ok(t.tv_sec) && ok(t.tv_nsec)) return { tv_sec: t.tv_sec as number, tv_nsec: t.tv_nsec as number };
  }
  throw typeError('timeout', 'a number or bigint of nanoseconds, or {tv_sec, tv_nsec}', v);
}

/** The IPC_SET argument: {uid, gid, mode}; null/undefined stands for a NULL pointer. */
export function semidDsSetArg(v: unknown): SemidDsSet | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError('arg', 'an object {uid, gid, mode}', v);
  const o = v as Record<string, unknown>;
  return {
    uid: intArg('arg.uid', o.uid, 0, UINT_MAX),
    gid: intArg('arg.gid', o.gid, 0, UINT_MAX),
    mode: intArg('arg.mode', o.mode, 0, UINT_MAX),
  };
}

/** The SETALL argument: an array of unsigned short; null/undefined stands for a NULL pointer. */
export function valuesArg(v: unknown): number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) throw typeError('arg', 'an array of integers', v);
  return v.map((x, i) => intArg(`arg[${i}]`, x, 0, 0xffff));
}
