// The ranges of C types that a call's numbers must fit (the same for both backends): a value outside
// is a mistake in the scenario, not something to send to a kernel. A value that fits is then converted
// as C converts it to the argument's type, once, for every backend.
import type { Call } from './backend.js';

const INT_MIN = -0x80000000;
const UINT_MAX = 0xffffffff;
const ID_MAX = 0xfffffffe;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;

type Range = [lo: number | bigint, hi: number | bigint, what: string];
const C_INT: Range = [INT_MIN, UINT_MAX, 'a C int'];
/** uid_t, gid_t, mode_t of struct ipc64_perm: unsigned 32-bit, given a negative value as C would ((uid_t)-1). */
const U32: Range = [INT_MIN, UINT_MAX, 'a 32-bit uid_t / gid_t / mode_t (-2147483648 ... 4294967295)'];
const NS: Range = [S64_MIN, S64_MAX, 'a 64-bit signed count of nanoseconds'];
const ID: Range = [0, ID_MAX, 'a uid or gid (0 ... 4294967294)'];
const U16: Range = [0, 0xffff, 'an unsigned short'];
const S16: Range = [-0x8000, 0x7fff, 'a short'];
const FLG: Range = [-0x8000, 0xffff, 'a short of flags'];

/** The first field out of its range, as [field, problem], or null. */
export function callRangeError(c: Call): [string, string] | null {
  const checks: Array<[string, number | bigint | undefined, Range]> = [];
  const add = (field: string, v: number | bigint | undefined, r: Range) => checks.push([field, v, r]);
  switch (c.op) {
    case 'spawn':
    case 'setcred':
      for (const k of ['uid', 'gid', 'euid', 'egid'] as const)
        add(k, (c as Record<string, unknown>)[k] as number, ID);
      c.groups?.forEach((g, i) => add(`groups[${i}]`, g, ID));
      break;
    case 'semget':
      add('key', c.key, C_INT);
      add('nsems', c.nsems, C_INT);
      add('flags', c.flags, C_INT);
      break;
    case 'semop':
    case 'semtimedop':
      add('semid', c.semid, C_INT);
      c.sops.forEach((s, i) => {
        add(`sops[${i}][0]`, s.sem_num, U16);
        add(`sops[${i}][1]`, s.sem_op, S16);
        add(`sops[${i}][2]`, s.sem_flg, FLG);
      });
      if (c.op === 'semtimedop' && typeof c.timeout === 'bigint') add('timeout_ns', c.timeout, NS);
      break;
    case 'semctl':
      add('semid', c.semid, C_INT);
      add('semnum', c.semnum, C_INT);
      add('cmd', c.cmd, C_INT);
      if (typeof c.arg === 'number') add('arg', c.arg, C_INT);
      else if (Array.isArray(c.arg)) c.arg.forEach((v, i) => add(`arg[${i}]`, v, U16));
      else if (c.arg) for (const k of ['uid', 'gid', 'mode'] as const) add(`arg.${k}`, c.arg[k], U32);
      break;
    case 'unshare':
      add('flags', c.flags, C_INT);
      break;
    case 'sigaction':
    case 'kill':
      add('sig', c.sig, C_INT);
      break;
    default:
      break;
  }
  for (const [field, v, [lo, hi, what]] of checks)
    if (v !== undefined && (v < lo || v > hi)) return [field, `${v} does not fit ${what}`];
  return null;
}

/** The call as the kernel receives it, once it fits: IPC_SET's uid, gid and mode as unsigned 32-bit. */
export function asCTypes(c: Call): Call {
  if (c.op !== 'semctl' || typeof c.arg !== 'object' || Array.isArray(c.arg)) return c;
  const { uid, gid, mode } = c.arg;
  return { ...c, arg: { uid: uid >>> 0, gid: gid >>> 0, mode: mode >>> 0 } };
}
