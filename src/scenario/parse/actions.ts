// One step object -> one Action: the fields each `do` takes (spec/scenario-format.md, table "Format").
import type { CallAction, CredExprs, SemctlArgExpr, SopExpr, TimeoutExpr } from '../scenario-types.js';
import { ALLOWED_PATHS, isAllowedWrittenPath, isModelOnlyPath } from '../paths.js';
import { isCapabilityName } from './constants.js';
import { Fields } from './fields.js';
import { FieldError, kind, parseExpr, parseNs, type RefSink } from './values.js';

export const CALLS = [
  'spawn',
  'fork',
  'thread',
  'setcred',
  'semget',
  'semop',
  'semtimedop',
  'semctl',
  'unshare',
  'sigaction',
  'kill',
  'exit',
  'exec',
  'read',
  'write',
] as const;
const DOS = [...CALLS, 'settle', 'expect'] as const;

import { expectAction, type RawAction } from './expect-action.js';

export type { RawAction };

export function parseAction(obj: Readonly<Record<string, unknown>>, sink: RefSink): RawAction {
  const doName = obj.do;
  if (typeof doName !== 'string' || !(DOS as readonly string[]).includes(doName))
    throw new FieldError('do', `expected one of ${DOS.join(', ')}, got ${kind(doName)}`);
  const f = new Fields(obj, `"do":"${doName}"`, sink);
  let action: RawAction;
  if (doName === 'settle') action = { do: 'settle', ms: settleMs(f) };
  else if (doName === 'expect') action = expectAction(f);
  else {
    const call = callAction(doName as CallAction['do'], f);
    action = f.has('save') ? { ...call, save: f.label('save') } : call;
  }
  f.finish();
  return action;
}

function settleMs(f: Fields): number {
  if (!f.has('ms')) return 0;
  const e = f.expr('ms');
  if (e.refs.length || e.constant < 0 || e.constant > 600_000)
    throw new FieldError('ms', 'expected a number of milliseconds from 0 to 600000');
  return e.constant;
}

function cred(f: Fields, keys: readonly (keyof CredExprs)[]): CredExprs {
  const c: CredExprs = {};
  for (const k of keys) {
    if (!f.has(k)) continue;
    if (k === 'groups') c.groups = f.exprList('groups', 65536);
    else if (k === 'caps')
      c.caps = f.names('caps', isCapabilityName, 'a capability name (CAP_IPC_OWNER, ...)');
    else c[k] = f.expr(k);
  }
  return c;
}

function sops(f: Fields): SopExpr[] {
  const v = f.raw('sops');
  if (!Array.isArray(v))
    throw new FieldError('sops', `expected a list of [num, op, "FLAGS"], got ${kind(v)}`);
  if (v.length > 65536) throw new FieldError('sops', 'more than 65536 operations');
  return v.map((s, i) => {
    if (!Array.isArray(s) || s.length < 2 || s.length > 3)
      throw new FieldError(`sops[${i}]`, `expected [num, op] or [num, op, "FLAGS"], got ${kind(s)}`);
    return [
      parseExpr(`sops[${i}][0]`, s[0], f.sink),
      parseExpr(`sops[${i}][1]`, s[1], f.sink),
      parseExpr(`sops[${i}][2]`, s.length === 3 ? s[2] : 0, f.sink),
    ];
  });
}

function timeout(f: Fields): TimeoutExpr {
  if (f.has('timeout_ns') && f.has('timeout'))
    throw new FieldError('timeout', 'give either timeout_ns or timeout, not both');
  if (f.has('timeout_ns')) return { ns: parseNs('timeout_ns', f.raw('timeout_ns'), f.sink) };
  if (!f.has('timeout')) return null;
  const v = f.raw('timeout');
  if (!Array.isArray(v) || v.length !== 2)
    throw new FieldError('timeout', `expected [sec, nsec], got ${kind(v)}`);
  return { sec: parseExpr('timeout[0]', v[0], f.sink), nsec: parseExpr('timeout[1]', v[1], f.sink) };
}

function semctlArg(f: Fields): SemctlArgExpr | undefined {
  if (!f.has('arg')) return undefined;
  const v = f.raw('arg');
  if (Array.isArray(v)) return { kind: 'values', values: f.exprList('arg', 65536) };
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['uid', 'gid', 'mode'].includes(k))
        throw new FieldError(`arg.${k}`, 'IPC_SET takes only uid, gid and mode');
    const get = (k: string) => {
      if (!Object.hasOwn(o, k)) throw new FieldError(`arg.${k}`, 'missing (IPC_SET takes uid, gid and mode)');
      return parseExpr(`arg.${k}`, o[k], f.sink);
    };
    return { kind: 'perm', uid: get('uid'), gid: get('gid'), mode: get('mode') };
  }
  return { kind: 'value', value: f.expr('arg') };
}

function callAction(d: CallAction['do'], f: Fields): CallAction {
  const task = f.label('task');
  switch (d) {
    case 'spawn':
      return { do: d, task, ...cred(f, ['uid', 'gid', 'groups', 'caps']) };
    case 'fork':
      return { do: d, task, from: f.label('from'), sysvsem: f.bool('sysvsem', false) };
    case 'thread':
      return { do: d, task, from: f.label('from'), sysvsem: f.bool('sysvsem', true) };
    case 'setcred':
      return { do: d, task, ...cred(f, ['uid', 'gid', 'euid', 'egid', 'groups', 'caps']) };
    case 'semget':
      return { do: d, task, key: f.expr('key'), nsems: f.expr('nsems'), flags: f.expr('flags') };
    case 'semop':
      return { do: d, task, semid: f.expr('semid'), sops: sops(f) };
    case 'semtimedop':
      return { do: d, task, semid: f.expr('semid'), sops: sops(f), timeout: timeout(f) };
    case 'semctl': {
      const arg = semctlArg(f);
      const base = { do: d, task, semid: f.expr('semid'), semnum: f.expr('semnum'), cmd: f.expr('cmd') };
      return arg ? { ...base, arg } : base;
    }
    case 'unshare':
      return { do: d, task, flags: f.expr('flags') };
    case 'sigaction':
      return {
        do: d,
        task,
        sig: f.expr('sig'),
        action: f.oneOf('action', ['catch', 'ignore', 'default'] as const),
      };
    case 'kill':
      return { do: d, task, sig: f.expr('sig') };
    case 'exit':
    case 'exec':
      return { do: d, task };
    case 'read': {
      const path = f.template('path');
      const chunk = f.optExpr('chunk');
      if (chunk && (chunk.refs.length || chunk.constant < 1 || chunk.constant > 1 << 20))
        throw new FieldError('chunk', 'expected a number of bytes from 1 to 1048576');
      const base = { do: d, task, path, modelOnly: modelOnly(f, 'path') };
      return chunk ? { ...base, chunk } : base;
    }
    case 'write':
      return {
        do: d,
        task,
        path: f.template('path'),
        data: f.template('data'),
        modelOnly: modelOnly(f, 'path'),
      };
  }
}

/** Only the semaphore files; true when the file exists in the model only. */
function modelOnly(f: Fields, key: string): boolean {
  const v = f.raw(key) as string;
  if (!isAllowedWrittenPath(v)) throw new FieldError(key, `not a file scenarios may use (${ALLOWED_PATHS})`);
  return isModelOnlyPath(v);
}
