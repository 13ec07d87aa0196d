// An expect step: the step it checks (a number or an id, resolved by the caller) and exactly one of
// ret, errno, blocked, value, ended.
import type { Action, ExpectCheck } from '../scenario-types.js';
import type { Fields } from './fields.js';
import { FieldError, kind } from './values.js';

/** `expect.step` is given back unresolved: a number or an id, checked by the caller. */
export type RawAction = Action | { do: 'expect'; stepRef: number | string; check: ExpectCheck };

export function expectAction(f: Fields): RawAction {
  const s = f.raw('step');
  if (!(typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s) && s >= 1)))
    throw new FieldError('step', `expected a step number or a step id, got ${kind(s)}`);
  const keys = ['ret', 'errno', 'blocked', 'value', 'ended'].filter((k) => f.has(k));
  if (keys.length !== 1)
    throw new FieldError(
      keys[1] ?? 'ret',
      'an expect takes exactly one of ret, errno, blocked, value, ended',
    );
  const k = keys[0]!;
  const v = f.raw(k);
  let check: ExpectCheck;
  if (k === 'errno') check = { errno: errnoName('errno', v) };
  else if (k === 'blocked') {
    if (typeof v !== 'boolean') throw new FieldError('blocked', `expected true or false, got ${kind(v)}`);
    check = { blocked: v };
  } else if (k === 'ended') check = { ended: ended(v) };
  else check = k === 'ret' ? { ret: v } : { value: v };
  return { do: 'expect', stepRef: s, check };
}

function errnoName(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^E[A-Z0-9]+$/.test(v))
    throw new FieldError(field, `expected an errno name such as "EAGAIN", got ${kind(v)}`);
  return v;
}

function ended(v: unknown): { ret: unknown } | { errno: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new FieldError('ended', `expected {"ret":N} or {"errno":"E..."}, got ${kind(v)}`);
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === 'ret') return { ret: o.ret };
  if (keys.length === 1 && keys[0] === 'errno') return { errno: errnoName('ended.errno', o.errno) };
  throw new FieldError('ended', 'expected exactly one of {"ret":N} or {"errno":"E..."}');
}
