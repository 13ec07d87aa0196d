// timeout_ns beyond 2^53 (parse/actions.ts, resolve.ts): read exactly, given to the model as a bigint
// count of nanoseconds and to the host as the timespec it splits into.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Call } from '../../src/scenario/backend.js';
import { ModelBackend } from '../../src/scenario/model/model-backend.js';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { resolveCall, timespecOf } from '../../src/scenario/resolve.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { ScenarioInputError } from '../../src/scenario/scenario-error.js';
import type { CallAction } from '../../src/scenario/scenario-types.js';

const HEAD = [
  '{"do":"spawn","task":"A"}',
  '{"do":"spawn","task":"P"}',
  '{"do":"semget","task":"P","key":"IPC_PRIVATE","nsems":1,"flags":"0600","save":"S"}',
];
const timed = (ns: string, extra = '') =>
  `{"do":"semtimedop","task":"A","semid":"$S","sops":[[0,-1,0]],"timeout_ns":${ns},"id":"t"${extra}}`;

/** The semtimedop call the last line makes, resolved ($S as 0). */
function callOf(...lines: string[]): Call & { op: 'semtimedop' } {
  const sc = parseScenario('t.jsonl', [...HEAD, ...lines].join('\n'));
  const a = sc.steps.at(-1)!.runs.at(-1)! as CallAction;
  return resolveCall(a, { value: () => 0 }) as Call & { op: 'semtimedop' };
}

function refused(line: string, pattern: RegExp): void {
  assert.throws(
    () => parseScenario('t.jsonl', [...HEAD, line].join('\n')),
    (e: unknown) => e instanceof ScenarioInputError && e.field === 'timeout_ns' && pattern.test(e.message),
  );
}

describe('timeout_ns beyond 2^53', () => {
  it('is read exactly, as a JSON number or a literal string', () => {
    assert.equal(callOf(timed('3153600000000000000')).timeout, 3153600000000000000n);
    assert.equal(callOf(timed('3153600000000000001')).timeout, 3153600000000000001n);
    assert.equal(callOf(timed('"3153600000000000001"')).timeout, 3153600000000000001n);
    assert.equal(callOf(timed('"0x7fffffffffffffff"')).timeout, 0x7fffffffffffffffn);
    assert.equal(callOf(timed('9223372036854775807')).timeout, 9223372036854775807n);
    assert.equal(callOf(timed('-9223372036854775808')).timeout, -9223372036854775808n);
    assert.equal(callOf(timed('3153600000000000001', ',"repeat":2')).timeout, 3153600000000000001n);
  });

  it('is a long timeout: never waited for; a negative one is invalid and is', () => {
    assert.equal(callOf(timed('3153600000000000000')).shortNs, null);
    assert.equal(callOf(timed('-3153600000000000000')).shortNs, 0n);
    assert.equal(callOf(timed('5')).shortNs, 5n);
    assert.equal(callOf(timed('5')).timeout, 5n);
  });

  it('splits into the timespec the host is given, exactly', () => {
    assert.deepEqual(timespecOf(3153600000000000001n), { tv_sec: 3153600000n, tv_nsec: 1n });
    assert.deepEqual(timespecOf(9223372036854775807n), { tv_sec: 9223372036n, tv_nsec: 854775807n });
    assert.deepEqual(timespecOf(0n), { tv_sec: 0n, tv_nsec: 0n });
    assert.deepEqual(timespecOf(-1n), { tv_sec: -1n, tv_nsec: 0n });
    assert.deepEqual(timespecOf({ tv_sec: 3, tv_nsec: 7 }), { tv_sec: 3n, tv_nsec: 7n });
    assert.deepEqual(callOf('{"do":"semtimedop","task":"A","semid":0,"sops":[],"timeout":[1,5]}').timeout, {
      tv_sec: 1,
      tv_nsec: 5,
    });
  });

  it('is refused beyond a 64-bit count, or when not an integer', () => {
    refused(timed('9223372036854775808'), /64-bit signed count of nanoseconds/);
    refused(timed('-9223372036854775809'), /64-bit signed count of nanoseconds/);
    refused(timed('"0x10000000000000000"'), /64-bit signed count of nanoseconds/);
    refused(timed('1e30'), /64-bit signed count of nanoseconds/);
    refused(timed('9007199254740993.5'), /not an integer/);
    refused(timed('1e300'), /not an integer/);
  });

  it('stays refused in every other field', () => {
    assert.throws(
      () =>
        parseScenario(
          't.jsonl',
          [...HEAD, '{"do":"semget","task":"P","key":3153600000000000000,"nsems":1,"flags":0}'].join('\n'),
        ),
      (e: unknown) =>
        e instanceof ScenarioInputError && e.field === 'key' && /not an integer/.test(e.message),
    );
  });

  it('makes the model sleep until woken', async () => {
    const sc = parseScenario(
      't.jsonl',
      [
        ...HEAD,
        timed('3153600000000000000'),
        '{"do":"expect","step":"t","blocked":true}',
        '{"do":"settle","ms":600000}',
        '{"do":"semop","task":"P","semid":"$S","sops":[[0,1,0]]}',
        '{"do":"expect","step":"t","ended":{"ret":0}}',
      ].join('\n'),
    );
    const rep = await runScenario(sc, new ModelBackend());
    assert.equal(rep.error, undefined);
    assert.deepEqual(rep.failures, []);
  });
});
