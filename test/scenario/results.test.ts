// Results as the format compares them, expect checks, the comparison of two runs and the ledger.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GETALL, GETPID, GETVAL, IPC_INFO, IPC_STAT } from '../../src/abi/index.js';
import type { Call } from '../../src/scenario/backend.js';
import { compareRuns } from '../../src/scenario/compare.js';
import { checkRun } from '../../src/scenario/expect-check.js';
import { judge } from '../../src/scenario/file-outcome.js';
import { parseLedger } from '../../src/scenario/ledger.js';
import { normalize, normalizeSysvipcSem } from '../../src/scenario/normalize.js';
import type { RunRecord, StepRecord } from '../../src/scenario/results.js';
import type { RunReport } from '../../src/scenario/run-scenario.js';
import { ScenarioInputError } from '../../src/scenario/scenario-error.js';

const semctl = (cmd: number): Call => ({ op: 'semctl', task: 'A', semid: 0, semnum: 0, cmd });
const labels = (pid: number) => ({ 41: 'A', 42: 'B' })[pid];

describe('normalized results', () => {
  it('shows GETPID as the task label, or 0', () => {
    assert.deepEqual(normalize(semctl(GETPID), { ret: 42 }, labels), { ret: 'B' });
    assert.deepEqual(normalize(semctl(GETPID), { ret: 0 }, labels), { ret: 0 });
  });

  it('shows IPC_STAT in the format shape, times as 0 or "nonzero"', () => {
    const ds = {
      sem_perm: { key: 5, uid: 1, gid: 2, cuid: 3, cgid: 4, mode: 0o600, seq: 7 },
      sem_otime: 0,
      sem_ctime: 1795718207,
      sem_nsems: 3,
    };
    assert.deepEqual(normalize(semctl(IPC_STAT), { ret: 0, value: ds }, labels), {
      ret: 0,
      value: {
        sem_perm: { uid: 1, gid: 2, cuid: 3, cgid: 4, mode: 0o600, key: 5 },
        sem_nsems: 3,
        sem_otime: 0,
        sem_ctime: 'nonzero',
      },
    });
  });

  it('shows IPC_INFO as {ret, info}, GETALL as the array, other commands as the return value', () => {
    assert.deepEqual(normalize(semctl(IPC_INFO), { ret: 3, value: { semmni: 1 } }, labels), {
      ret: 3,
      value: { ret: 3, info: { semmni: 1 } },
    });
    assert.deepEqual(normalize(semctl(GETALL), { ret: 0, value: [1, 2] }, labels), { ret: 0, value: [1, 2] });
    assert.deepEqual(normalize(semctl(GETVAL), { ret: 9 }, labels), { ret: 9 });
    assert.deepEqual(normalize(semctl(GETVAL), { errno: 'EINVAL' }, labels), { errno: 'EINVAL' });
  });

  it('shows a new task by its label', () => {
    assert.deepEqual(normalize({ op: 'fork', task: 'C', from: 'A', sysvsem: true }, { ret: 0 }, labels), {
      ret: 'C',
    });
  });

  it('keeps the column widths of /proc/sysvipc/sem', () => {
    const header = '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime';
    const text = [
      header,
      '         0          0   600          2     0     0     0     0          0 1795718207',
      '-2147483648          1   777      32000     0     0     0     0 1795718207 1795718207',
      '',
    ].join('\n');
    assert.equal(
      normalizeSysvipcSem(text),
      [
        header,
        '         0          0   600          2     0     0     0     0          0    nonzero',
        '-2147483648          1   777      32000     0     0     0     0    nonzero    nonzero',
        '',
      ].join('\n'),
    );
  });
});

describe('expect checks', () => {
  const blocked = (ended?: RunRecord['ended']): RunRecord => ({
    i: 0,
    call: 'semop',
    result: { blocked: true },
    ...(ended && { ended }),
  });
  it('blocked means asleep now', () => {
    assert.equal(checkRun({ blocked: true }, true, blocked()), null);
    assert.equal(checkRun({ blocked: true }, true, blocked({ ret: 0 })), 'ended {"ret":0}');
    assert.equal(checkRun({ blocked: false }, false, blocked({ ret: 0 })), null);
  });
  it('ended compares how the call ended', () => {
    const want = { errno: 'EIDRM' };
    assert.equal(checkRun({ ended: want }, want, blocked({ errno: 'EIDRM' })), null);
    assert.equal(checkRun({ ended: want }, want, blocked()), 'not ended');
  });
  it('value is the structure, or the return value', () => {
    const r: RunRecord = { i: 0, call: 'semctl', result: { ret: 0, value: [1, 2] } };
    assert.equal(checkRun({ value: [1, 2] }, [1, 2], r), null);
    assert.notEqual(checkRun({ value: [2, 1] }, [2, 1], r), null);
    assert.equal(checkRun({ value: 4 }, 4, { i: 0, call: 'semctl', result: { ret: 4 } }), null);
  });
});

function report(backend: 'model' | 'host', steps: StepRecord[], extra: Partial<RunReport> = {}): RunReport {
  return { file: 'x.jsonl', backend, steps, failures: [], notes: [], ms: 1, ...extra };
}
const step = (n: number, result: RunRecord['result'], ended?: RunRecord['ended']): StepRecord => ({
  n,
  line: n,
  do: 'semop',
  runs: [{ i: 0, task: 'A', call: 'semop', result, ...(ended && { ended }) }],
});

describe('comparison and ledger', () => {
  const model = report('model', [
    step(1, { ret: 0 }),
    step(2, { blocked: true }, { ret: 0 }),
    step(3, { ret: 'A' }),
  ]);
  const host = report('host', [
    step(1, { ret: 0 }),
    step(2, { blocked: true }, { errno: 'EINTR' }),
    step(3, { ret: 'A' }),
  ]);

  it('finds the steps whose results or endings differ', () => {
    const d = compareRuns(model, host);
    assert.equal(d.length, 1);
    assert.equal(d[0]!.step, 2);
  });

  it('skips model-only steps and steps after the host stopped', () => {
    const h = report('host', [step(1, { ret: 0 }), step(2, { modelOnly: true }), step(3, { ret: 'B' })], {
      stoppedAt: 2,
    });
    assert.deepEqual(compareRuns(model, h), []);
  });

  it('compares on the model only an ending seen once the host had stopped', () => {
    const wait = (ended: RunRecord['ended'], endedAt?: number): StepRecord => ({
      ...step(2, { blocked: true }),
      runs: [{ i: 0, task: 'W', call: 'semop', result: { blocked: true }, ended, endedAt }],
    });
    const h = report('host', [step(1, { ret: 0 }), wait(undefined), step(3, { modelOnly: true })], {
      stoppedAt: 3,
    });
    const m = (endedAt: number) => report('model', [step(1, { ret: 0 }), wait({ ret: 0 }, endedAt)]);
    assert.deepEqual(compareRuns(m(3), h), []);
    assert.deepEqual(compareRuns(m(4), h), []);
    assert.equal(compareRuns(m(2), h)[0]?.step, 2, 'an ending seen before the stop is compared');
  });

  it('passes a divergence the ledger lists, fails one it does not', () => {
    assert.equal(judge('dir/x.jsonl', [model, host], []).ok, false);
    const ok = judge('dir/x.jsonl', [model, host], [{ scenario: 'x.jsonl', step: 2, reason: 'known' }]);
    assert.equal(ok.ok, true);
    assert.equal(ok.divergences![0]!.known, 'known');
  });

  it('fails a ledger entry whose step no longer diverges', () => {
    const same = { ...model, backend: 'host' as const };
    const o = judge('x.jsonl', [model, same], [{ scenario: 'x.jsonl', step: 1, reason: 'old' }]);
    assert.equal(o.ok, false);
    assert.equal(o.stale.length, 1);
  });

  it('fails a run with a failed expect or an error', () => {
    const failing = report('model', [], {
      failures: [{ step: 2, line: 2, target: 1, run: 0, expected: 1, actual: '0' }],
    });
    assert.equal(judge('x.jsonl', [failing], []).ok, false);
    assert.equal(judge('x.jsonl', [report('model', [], { error: 'boom' })], []).ok, false);
  });

  it('refuses a malformed ledger, naming the entry and field', () => {
    assert.deepEqual(parseLedger('l.json', '[{"scenario":"a.jsonl","step":3,"reason":"r"}]'), [
      { scenario: 'a.jsonl', step: 3, reason: 'r' },
    ]);
    for (const [text, pattern] of [
      ['{}', /array/],
      ['[{"scenario":"a.jsonl","step":0,"reason":"r"}]', /\[0\]\.step/],
      ['[{"scenario":"../a.jsonl","step":1,"reason":"r"}]', /\[0\]\.scenario/],
      ['[{"scenario":"a.jsonl","step":1,"reason":""}]', /\[0\]\.reason/],
      ['[{"scenario":"a.jsonl","step":1,"reason":"r","extra":1}]', /\[0\]\.extra/],
      [
        '[{"scenario":"a.jsonl","step":1,"reason":"r"},{"scenario":"a.jsonl","step":1,"reason":"s"}]',
        /twice/,
      ],
      ['[1', /JSON/],
    ] as const)
      assert.throws(
        () => parseLedger('l.json', text),
        (e: unknown) => e instanceof ScenarioInputError && pattern.test(e.message),
      );
  });
});
