// The scenario parser: the format's features, and refusal of malformed or hostile files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IPC_CREAT, IPC_EXCL, SEM_UNDO } from '../../src/abi/index.js';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { ScenarioInputError } from '../../src/scenario/scenario-error.js';
import type { Action, CallAction } from '../../src/scenario/scenario-types.js';

const SPAWN_A = '{"do":"spawn","task":"A"}';
const GET_S = '{"do":"semget","task":"A","key":0,"nsems":2,"flags":"IPC_CREAT|0600","save":"S"}';

function parse(...lines: string[]) {
  return parseScenario('t.jsonl', lines.join('\n'));
}

/** The error for a file that must be refused; checks it names the file, line and field. */
function refused(lines: string[], line: number, field: string | null, pattern: RegExp): void {
  assert.throws(
    () => parse(...lines),
    (e: unknown) => {
      assert.ok(e instanceof ScenarioInputError, `expected a ScenarioInputError, got ${String(e)}`);
      assert.equal(e.file, 't.jsonl');
      assert.equal(e.line, line);
      assert.equal(e.field, field);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

const call = (a: Action) => a as CallAction & Record<string, unknown>;

describe('scenario format', () => {
  it('numbers steps in file order, counting expects but not comments or blank lines', () => {
    const sc = parse(
      '# a comment',
      '',
      SPAWN_A,
      '   # indented comment',
      GET_S,
      '{"do":"expect","step":2,"ret":0}',
    );
    assert.deepEqual(
      sc.steps.map((s) => [s.n, s.line]),
      [
        [1, 3],
        [2, 5],
        [3, 6],
      ],
    );
  });

  it('folds constant names, octal, hex and decimal literals OR-ed with |', () => {
    const sc = parse(
      SPAWN_A,
      '{"do":"semget","task":"A","key":"0x10","nsems":"3","flags":"IPC_CREAT|IPC_EXCL|0600"}',
    );
    const a = call(sc.steps[1]!.runs[0]!);
    assert.deepEqual(a.flags, { constant: IPC_CREAT | IPC_EXCL | 0o600, refs: [], single: false });
    assert.equal((a.key as { constant: number }).constant, 16);
    assert.equal((a.nsems as { constant: number }).constant, 3);
  });

  it('keeps $X references for the run, including $A.tid and references inside paths', () => {
    const sc = parse(SPAWN_A, GET_S, '{"do":"read","task":"A","path":"/proc/$A/task/$A.tid/semundo"}');
    const r = call(sc.steps[2]!.runs[0]!);
    assert.deepEqual(r.path, [
      '/proc/',
      { ref: 'A', tid: false },
      '/task/',
      { ref: 'A', tid: true },
      '/semundo',
    ]);
    assert.equal(r.modelOnly, true);
  });

  it('expands repeat with $i in every string, as one step', () => {
    const sc = parse(
      '{"do":"spawn","task":"T$i","repeat":3}',
      '{"do":"semget","task":"T2","key":"$i","nsems":1,"flags":0,"repeat":2}',
    );
    assert.equal(sc.steps.length, 2);
    assert.deepEqual(
      sc.steps[0]!.runs.map((a) => call(a).task),
      ['T0', 'T1', 'T2'],
    );
    assert.deepEqual(
      sc.steps[1]!.runs.map((a) => (call(a).key as { constant: number }).constant),
      [0, 1],
    );
  });

  it('lets expect name a step by its id', () => {
    const sc = parse(
      SPAWN_A,
      GET_S,
      '{"do":"semop","task":"A","semid":"$S","sops":[[0,-1,"SEM_UNDO"]],"id":"w"}',
      '{"do":"expect","step":"w","blocked":true}',
    );
    assert.deepEqual(sc.steps[3]!.runs[0], { do: 'expect', step: 3, check: { blocked: true } });
    const sops = call(sc.steps[2]!.runs[0]!).sops as Array<Array<{ constant: number }>>;
    assert.equal(sops[0]![2]!.constant, SEM_UNDO);
  });

  it('reads semtimedop timeouts in both spellings', () => {
    const sc = parse(
      SPAWN_A,
      GET_S,
      '{"do":"semtimedop","task":"A","semid":"$S","sops":[[0,-1]],"timeout":[1,5]}',
      '{"do":"semtimedop","task":"A","semid":"$S","sops":[[0,-1]],"timeout_ns":-1}',
    );
    assert.ok('sec' in (call(sc.steps[2]!.runs[0]!).timeout as object));
    assert.ok('ns' in (call(sc.steps[3]!.runs[0]!).timeout as object));
  });
});

describe('refused scenario files', () => {
  it('invalid JSON', () => refused([SPAWN_A, '{"do":"spawn",'], 2, null, /not valid JSON/));
  it('a line that is not an object', () => refused(['[1,2]'], 1, null, /JSON object/));
  it('an unknown do', () => refused(['{"do":"fork_bomb","task":"A"}'], 1, 'do', /expected one of/));
  it('a field the step does not take', () =>
    refused(['{"do":"spawn","task":"A","sysvsem":true}'], 1, 'sysvsem', /not a field/));
  it('a missing field', () =>
    refused([SPAWN_A, '{"do":"semget","task":"A","key":0,"nsems":1}'], 2, 'flags', /missing/));
  it('an unknown constant', () =>
    refused(
      [SPAWN_A, '{"do":"semget","task":"A","key":0,"nsems":1,"flags":"IPC_CREATE"}'],
      2,
      'flags',
      /unknown constant/,
    ));
  it('a malformed literal', () =>
    refused([SPAWN_A, '{"do":"semget","task":"A","key":"08","nsems":1,"flags":0}'], 2, 'key', /malformed/));
  it('a fraction', () =>
    refused(
      [SPAWN_A, '{"do":"semget","task":"A","key":1.5,"nsems":1,"flags":0}'],
      2,
      'key',
      /not an integer/,
    ));
  it('a number beyond what C can carry', () =>
    refused(
      [SPAWN_A, '{"do":"semget","task":"A","key":1e300,"nsems":1,"flags":0}'],
      2,
      'key',
      /not an integer/,
    ));
  it('a value out of its C type', () =>
    refused(
      [SPAWN_A, GET_S, '{"do":"semop","task":"A","semid":"$S","sops":[[70000,1]]}'],
      3,
      'sops[0][0]',
      /unsigned short/,
    ));
  it('a sembuf of the wrong shape', () =>
    refused(
      [SPAWN_A, GET_S, '{"do":"semop","task":"A","semid":"$S","sops":[[0]]}'],
      3,
      'sops[0]',
      /\[num, op\]/,
    ));
  it('a task used before it exists', () =>
    refused(['{"do":"semget","task":"B","key":0,"nsems":1,"flags":0}'], 1, 'task', /no task "B"/));
  it('a task label made twice', () => refused([SPAWN_A, SPAWN_A], 2, 'task', /already/));
  it('a fork from nowhere', () => refused(['{"do":"fork","task":"B","from":"Z"}'], 1, 'from', /no task "Z"/));
  it('a reference to nothing', () =>
    refused([SPAWN_A, '{"do":"semop","task":"A","semid":"$Q","sops":[]}'], 2, 'semid', /\$Q is not defined/));
  it('$i outside a repeat', () =>
    refused(['{"do":"spawn","task":"A","uid":"$i"}'], 1, 'uid', /\$i is not defined/));
  it('.tid of a saved value', () =>
    refused(
      [SPAWN_A, GET_S, '{"do":"semop","task":"A","semid":"$S.tid","sops":[]}'],
      3,
      'semid',
      /not a task label/,
    ));
  it('a save name that is a task label', () =>
    refused(
      [SPAWN_A, '{"do":"semget","task":"A","key":0,"nsems":1,"flags":0,"save":"A"}'],
      2,
      'save',
      /task label/,
    ));
  it('an expect of a later step', () =>
    refused([SPAWN_A, '{"do":"expect","step":5,"ret":0}'], 2, 'step', /not an earlier step/));
  it('an expect of an unknown id', () =>
    refused([SPAWN_A, '{"do":"expect","step":"nope","ret":0}'], 2, 'step', /no earlier step has the id/));
  it('an expect with two checks', () =>
    refused([SPAWN_A, '{"do":"expect","step":1,"ret":0,"errno":"EPERM"}'], 2, 'errno', /exactly one/));
  it('blocked asked of a call that never blocks', () =>
    refused([SPAWN_A, '{"do":"expect","step":1,"blocked":true}'], 2, 'blocked', /never blocks/));
  it('an errno that is not a name', () =>
    refused([SPAWN_A, '{"do":"expect","step":1,"errno":"boom"}'], 2, 'errno', /errno name/));
  it('a repeat of zero', () =>
    refused(['{"do":"spawn","task":"A","repeat":0}'], 1, 'repeat', /whole number/));
  it('a huge repeat', () =>
    refused(['{"do":"spawn","task":"A$i","repeat":100000000}'], 1, 'repeat', /whole number/));
  it('too many runs in all', () =>
    refused(
      Array.from({ length: 11 }, (_, k) => `{"do":"settle","repeat":10000,"id":"s${k}"}`),
      11,
      'repeat',
      /more than 100000/,
    ));
  it('a duplicate id', () =>
    refused(
      ['{"do":"spawn","task":"A","id":"x"}', '{"do":"spawn","task":"B","id":"x"}'],
      2,
      'id',
      /already names/,
    ));
  it('__proto__ as a field', () =>
    refused(['{"do":"spawn","task":"A","__proto__":{"uid":0}}'], 1, '__proto__', /not a field/));
  it('an unknown capability', () =>
    refused(['{"do":"spawn","task":"A","caps":["CAP_EVERYTHING"]}'], 1, 'caps[0]', /capability/));
  it('a settle longer than ten minutes', () =>
    refused(['{"do":"settle","ms":6000000}'], 1, 'ms', /milliseconds/));
  it('deeply nested values', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    refused(
      [SPAWN_A, `{"do":"semctl","task":"A","semid":0,"semnum":0,"cmd":"SETALL","arg":${deep}}`],
      2,
      'arg[0]',
      /expected a number/,
    );
  });
  it('a file other than the semaphore files', () => {
    refused(
      [SPAWN_A, '{"do":"write","task":"A","path":"/proc/sys/kernel/pid_max","data":"1"}'],
      2,
      'path',
      /not a file/,
    );
    refused(
      [SPAWN_A, '{"do":"read","task":"A","path":"/proc/$A/../../etc/shadow"}'],
      2,
      'path',
      /not a file/,
    );
    refused([SPAWN_A, '{"do":"read","task":"A","path":"/etc/passwd"}'], 2, 'path', /not a file/);
  });
  it('more tasks than processes a run may make', () =>
    refused(['{"do":"spawn","task":"T$i","repeat":65}'], 1, 'task', /more than 64 tasks/));
  it('a line too long', () =>
    assert.throws(() => parse(`{"do":"settle","x":"${'a'.repeat(3 << 20)}"}`), /line longer than/));
  it('a file too large', () =>
    assert.throws(() => parseScenario('t.jsonl', ' '.repeat(9 << 20)), /larger than/));
});
