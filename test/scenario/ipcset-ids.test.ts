// IPC_SET's uid, gid and mode (src/scenario/call-ranges.ts): written as C would ((uid_t)-1 as -1) and
// given to every backend as the unsigned 32-bit value the kernel receives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend, Call } from '../../src/scenario/backend.js';
import { asCTypes, callRangeError } from '../../src/scenario/call-ranges.js';
import { ModelBackend } from '../../src/scenario/model/model-backend.js';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { ScenarioInputError } from '../../src/scenario/scenario-error.js';

const HEAD = [
  '{"do":"spawn","task":"A"}',
  '{"do":"semget","task":"A","key":"IPC_PRIVATE","nsems":1,"flags":"0600","save":"S"}',
];
const ipcSet = (arg: string, id = 'set') =>
  `{"do":"semctl","task":"A","semid":"$S","semnum":0,"cmd":"IPC_SET","arg":${arg},"id":"${id}"}`;
const STAT = '{"do":"semctl","task":"A","semid":"$S","semnum":0,"cmd":"IPC_STAT","id":"stat"}';

/** The model, with every call it is given recorded. */
function recording(calls: Call[]): Backend {
  const m = new ModelBackend();
  return {
    name: 'model',
    get notes() {
      return m.notes;
    },
    begin: () => m.begin(),
    call: (c, onEnd) => {
      calls.push(c);
      return m.call(c, onEnd);
    },
    settle: (ms) => m.settle(ms),
    pid: (t) => m.pid(t),
    tid: (t) => m.tid(t),
    alive: (t) => m.alive(t),
    stopped: (t) => m.stopped(t),
    close: () => m.close(),
  };
}

async function runOnModel(...lines: string[]) {
  const calls: Call[] = [];
  const rep = await runScenario(parseScenario('t.jsonl', lines.join('\n')), recording(calls));
  assert.equal(rep.error, undefined);
  return { rep, calls };
}

describe('IPC_SET ids written as C writes them', () => {
  it('accepts -1 and any value from -2^31 to 2^32-1, as numbers or strings', () => {
    for (const arg of [
      '{"uid":-1,"gid":0,"mode":"0600"}',
      '{"uid":0,"gid":-1,"mode":"0600"}',
      '{"uid":"-1","gid":"-0x80000000","mode":-1}',
      '{"uid":4294967295,"gid":-2147483648,"mode":"0600"}',
    ])
      assert.doesNotThrow(() => parseScenario('t.jsonl', [...HEAD, ipcSet(arg)].join('\n')), arg);
  });

  it('refuses values no uid_t can be converted from', () => {
    for (const [arg, field] of [
      ['{"uid":-2147483649,"gid":0,"mode":0}', 'arg.uid'],
      ['{"uid":0,"gid":4294967296,"mode":0}', 'arg.gid'],
      ['{"uid":0,"gid":0,"mode":-2147483649}', 'arg.mode'],
    ] as const)
      assert.throws(
        () => parseScenario('t.jsonl', [...HEAD, ipcSet(arg)].join('\n')),
        (e: unknown) => e instanceof ScenarioInputError && e.field === field && /uid_t/.test(e.message),
      );
  });

  it('converts them to unsigned 32-bit values, and leaves every other call alone', () => {
    const c: Call = {
      op: 'semctl',
      task: 'A',
      semid: 0,
      semnum: 0,
      cmd: 1,
      arg: { uid: -1, gid: -2147483648, mode: -1 },
    };
    assert.equal(callRangeError(c), null);
    assert.deepEqual(asCTypes(c), { ...c, arg: { uid: 4294967295, gid: 2147483648, mode: 4294967295 } });
    const setval: Call = { ...c, arg: -1 };
    const setall: Call = { ...c, arg: [1, 2] };
    const semop: Call = { op: 'semop', task: 'A', semid: 0, sops: [{ sem_num: 0, sem_op: -1, sem_flg: 0 }] };
    for (const other of [setval, setall, semop]) assert.equal(asCTypes(other), other);
  });

  it('gives the backend 4294967295 for -1, and the model answers EINVAL', async () => {
    const { rep, calls } = await runOnModel(
      ...HEAD,
      ipcSet('{"uid":-1,"gid":0,"mode":"0600"}', 'uid'),
      ipcSet('{"uid":0,"gid":"-1","mode":"0600"}', 'gid'),
      '{"do":"expect","step":"uid","errno":"EINVAL"}',
      '{"do":"expect","step":"gid","errno":"EINVAL"}',
    );
    assert.deepEqual(rep.failures, []);
    const sets = calls.filter((c) => c.op === 'semctl').map((c) => (c as { arg?: unknown }).arg);
    assert.deepEqual(sets, [
      { uid: 4294967295, gid: 0, mode: 0o600 },
      { uid: 0, gid: 4294967295, mode: 0o600 },
    ]);
  });

  it('sets other negative values as their unsigned value (-2 is uid 4294967294)', async () => {
    const { rep } = await runOnModel(
      ...HEAD,
      ipcSet('{"uid":-2,"gid":-2147483648,"mode":-1}'),
      STAT,
      '{"do":"expect","step":"set","ret":0}',
    );
    assert.deepEqual(rep.failures, []);
    const stat = rep.steps[3]!.runs[0]!.result as { value: { sem_perm: Record<string, number> } };
    const { uid, gid, mode } = stat.value.sem_perm;
    assert.deepEqual({ uid, gid, mode }, { uid: 4294967294, gid: 2147483648, mode: 0o777 });
  });
});
