// Values inside a step: numbers (JSON integers, literals, constant names OR-ed with `|`, `$X` refs)
// and strings with `$X` references. Each parser throws a FieldError naming what is wrong.
import type { Expr, Ref, Template } from '../scenario-types.js';
import { constantValue } from './constants.js';

export class FieldError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(problem);
  }
}

const REF = /^\$([A-Za-z_][A-Za-z0-9_]*)(\.tid)?$/;
const REF_IN_TEXT = /\$([A-Za-z_][A-Za-z0-9_]*)(\.tid)?/g;
const LITERAL = /^-?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

/** The most a number may be: anything a C long or a 32-bit unsigned argument can carry, as a safe integer. */
function checkInt(field: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new FieldError(field, `${v} is not an integer this format accepts`);
  return v;
}

/** The exact value of a literal (LITERAL): hex, octal (leading 0) or decimal, perhaps negative. */
function literalValue(s: string): bigint {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const v = BigInt(/^0[xX]/.test(body) ? body : body.length > 1 ? body.replace(/^0/, '0o') : body);
  return neg ? -v : v;
}

function literal(field: string, s: string): number {
  const v = literalValue(s);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new FieldError(field, `${v} is not an integer this format accepts`);
  return Number(v);
}

export function parseRef(s: string): Ref | null {
  const m = REF.exec(s);
  return m ? { ref: m[1]!, tid: m[2] !== undefined } : null;
}

/** Told of every reference met while parsing, with the field it is in. */
export type RefSink = (field: string, r: Ref) => void;

/** A number field: 3, "0600", "0x10", "IPC_CREAT|IPC_EXCL|0600", "$S". */
export function parseExpr(field: string, v: unknown, sink?: RefSink): Expr {
  if (typeof v === 'number') return { constant: checkInt(field, v), refs: [], single: false };
  if (typeof v === 'bigint') throw new FieldError(field, `${v} is not an integer this format accepts`);
  if (typeof v !== 'string')
    throw new FieldError(field, `expected a number or a string of constants, got ${kind(v)}`);
  if (v.length === 0 || v.length > 1000) throw new FieldError(field, 'expected a number or constant names');
  const parts = v.split('|').map((p) => p.trim());
  const refs: Ref[] = [];
  const values: number[] = [];
  for (const p of parts) {
    const r = parseRef(p);
    if (r) {
      refs.push(r);
      sink?.(field, r);
    } else if (LITERAL.test(p)) values.push(literal(field, p));
    else {
      const c = constantValue(p);
      if (c === undefined) throw new FieldError(field, `unknown constant or malformed number "${p}"`);
      values.push(c);
    }
  }
  if (refs.length === 1 && values.length === 0) return { constant: 0, refs, single: true };
  return { constant: orAll(values), refs, single: false };
}

/**
 * A count of nanoseconds (timeout_ns): an expression as parseExpr reads it, or, for an integer beyond
 * what a double holds exactly (a JSON number kept exact by parseJsonLine, or a literal), that integer.
 */
export function parseNs(field: string, v: unknown, sink?: RefSink): Expr | bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && v.length <= 1000 && LITERAL.test(v.trim())) {
    const n = literalValue(v.trim());
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) return n;
  }
  return parseExpr(field, v, sink);
}

/** OR of C integers: negative values are taken as their 32-bit pattern. */
export function orAll(values: readonly number[]): number {
  if (values.length === 1) return values[0]!;
  let acc = 0n;
  let negative = false;
  for (const v of values) {
    acc |= BigInt(v);
    if (v < 0) negative = true;
  }
  return Number(negative ? BigInt.asIntN(32, acc) : acc);
}

/** A string field with `$X` references inside (paths, data). */
export function parseTemplate(field: string, v: unknown, maxLength: number, sink?: RefSink): Template {
  if (typeof v !== 'string') throw new FieldError(field, `expected a string, got ${kind(v)}`);
  if (v.length > maxLength) throw new FieldError(field, `longer than ${maxLength} characters`);
  const out: Template = [];
  let last = 0;
  for (const m of v.matchAll(REF_IN_TEXT)) {
    if (m.index > last) out.push(v.slice(last, m.index));
    const r = { ref: m[1]!, tid: m[2] !== undefined };
    sink?.(field, r);
    out.push(r);
    last = m.index + m[0].length;
  }
  if (last < v.length) out.push(v.slice(last));
  return out;
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** The refs a value of an expect mentions (strings with `$X` inside, at any depth). */
export function refsIn(v: unknown, out: Ref[] = [], depth = 0): Ref[] {
  if (depth > 64) return out;
  if (typeof v === 'string')
    for (const m of v.matchAll(REF_IN_TEXT)) out.push({ ref: m[1]!, tid: m[2] !== undefined });
  else if (Array.isArray(v)) v.forEach((x) => refsIn(x, out, depth + 1));
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => refsIn(x, out, depth + 1));
  return out;
}
