// Checking an `expect` step against the runs of an earlier step, at the moment the expect is reached.
import type { Ended } from './backend.js';
import type { RunRecord } from './results.js';
import type { ExpectCheck } from './scenario-types.js';

/** Deep equality of JSON-like values (numbers, strings, booleans, null, arrays, plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as never)[k], (b as never)[k]));
}

function endedText(e: Ended | undefined): string {
  return e === undefined ? 'not ended' : JSON.stringify(e);
}

/** What the run shows for the checked aspect, as text (for messages). */
function actual(check: ExpectCheck, r: RunRecord): string {
  const res = r.result;
  if ('ended' in check) return 'blocked' in res ? endedText(r.ended) : `not blocked (${JSON.stringify(res)})`;
  if ('blocked' in check)
    return 'blocked' in res ? (r.ended ? `ended ${endedText(r.ended)}` : 'blocked') : 'not blocked';
  return JSON.stringify(res);
}

/** null when the run satisfies the check, else what it shows instead. `expected` has refs resolved. */
export function checkRun(check: ExpectCheck, expected: unknown, r: RunRecord): string | null {
  const res = r.result;
  let ok: boolean;
  if ('ret' in check) ok = 'ret' in res && sameValue(res.ret, expected);
  else if ('errno' in check) ok = 'errno' in res && res.errno === check.errno;
  else if ('blocked' in check) ok = ('blocked' in res && r.ended === undefined) === check.blocked;
  else if ('value' in check)
    ok = 'ret' in res && sameValue(res.value !== undefined ? res.value : res.ret, expected);
  else {
    const want = expected as Ended;
    const got = r.ended;
    ok =
      got !== undefined &&
      ('errno' in want
        ? 'errno' in got && got.errno === want.errno
        : 'ret' in got && sameValue(got.ret, want.ret));
  }
  return ok ? null : actual(check, r);
}

/** The value the check compares with (its `ret`, `value` or `ended`), before references are resolved. */
export function expectedOf(check: ExpectCheck): unknown {
  if ('ret' in check) return check.ret;
  if ('value' in check) return check.value;
  if ('ended' in check) return check.ended;
  if ('errno' in check) return check.errno;
  return check.blocked;
}
