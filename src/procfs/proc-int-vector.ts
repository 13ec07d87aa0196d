// kernel/sysctl.c: __do_proc_dointvec and proc_get_long — writing a vector of ints to a sysctl file.
import { EINVAL } from '../abi/index.js';

/** kernel/sysctl.c: TMPBUFLEN — numbers of this many characters or more are refused. */
const TMPBUFLEN = 22;
const INT_MAX = 0x7fffffff;
const SPACE = new Set([' ', '\t', '\n']);

export interface IntVectorWrite {
  /** The values parsed, in order, before the first error (they are stored even when err is set). */
  values: number[];
  /** 0 or a negative errno. */
  err: number;
  /** Bytes consumed: what write() returns when err is 0. */
  consumed: number;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && SPACE.has(s[i]!)) i++;
  return i;
}

// lib/kstrtox.c: _parse_integer_fixup_radix + _parse_integer with base 0
function parseUnsigned(s: string, i: number): { value: bigint; end: number } | null {
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const digits = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  let v = 0n;
  let j = i;
  while (j < s.length && digits.test(s[j]!)) v = v * BigInt(base) + BigInt(parseInt(s[j++]!, 16));
  if (v > 0xffffffffffffffffn) return null;
  return { value: v, end: j };
}

/** Parses up to `max` ints; `check` may refuse a value (returns false -> EINVAL). */
export function parseIntVector(
  data: string,
  max: number,
  check: (v: number, i: number) => boolean,
): IntVectorWrite {
  const values: number[] = [];
  let i = 0;
  let err = 0;
  while (i < data.length && values.length < max) {
    i = skipSpaces(data, i);
    if (i >= data.length) break;
    const start = i;
    const neg = data[i] === '-' && data.length - i > 1;
    if (neg) i++;
    const parsed = /[0-9]/.test(data[i] ?? '') ? parseUnsigned(data, i) : null;
    if (!parsed || parsed.end - start >= TMPBUFLEN - 1) {
      err = -EINVAL;
      break;
    }
    if (parsed.end < data.length && !SPACE.has(data[parsed.end]!)) {
      err = -EINVAL;
      break;
    }
    const limit = neg ? BigInt(INT_MAX) + 1n : BigInt(INT_MAX);
    if (parsed.value > limit) {
      err = -EINVAL;
      break;
    }
    const v = Number(neg ? -parsed.value : parsed.value);
    if (!check(v, values.length)) {
      err = -EINVAL;
      break;
    }
    values.push(v);
    i = parsed.end;
  }
  if (!err && i < data.length) i = skipSpaces(data, i);
  if (values.length === 0 && !err) err = -EINVAL;
  return { values, err, consumed: i };
}
