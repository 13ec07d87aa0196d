// Step ids (src/scenario/parse/parse-scenario.ts, stepId): letters, digits, `_`, `-` and `.`, named by expects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { ScenarioInputError } from '../../src/scenario/scenario-error.js';

const SPAWN_A = '{"do":"spawn","task":"A"}';
const parse = (...lines: string[]) => parseScenario('t.jsonl', lines.join('\n'));

function refusedId(id: unknown): void {
  assert.throws(
    () => parse(`{"do":"spawn","task":"A","id":${JSON.stringify(id)}}`),
    (e: unknown) => e instanceof ScenarioInputError && e.field === 'id' && /expected a name/.test(e.message),
  );
}

describe('step ids', () => {
  it('may hold - and . and be named by an expect', () => {
    const sc = parse(
      '{"do":"spawn","task":"A","id":"sg01-1"}',
      '{"do":"semget","task":"A","key":0,"nsems":1,"flags":"IPC_CREAT|0600","id":"spec_2.1_1"}',
      '{"do":"semctl","task":"A","semid":0,"semnum":0,"cmd":"GETVAL","id":"-.x-1.2_"}',
      '{"do":"expect","step":"sg01-1","ret":"$A"}',
      '{"do":"expect","step":"spec_2.1_1","ret":0}',
      '{"do":"expect","step":"-.x-1.2_","ret":0}',
    );
    assert.deepEqual(
      sc.steps.map((s) => s.id),
      ['sg01-1', 'spec_2.1_1', '-.x-1.2_', undefined, undefined, undefined],
    );
    assert.deepEqual(
      sc.steps.slice(3).map((s) => (s.runs[0] as { step: number }).step),
      [1, 2, 3],
    );
  });

  it('may be all digits, and is then told apart from a step number', () => {
    const sc = parse(
      SPAWN_A,
      '{"do":"semget","task":"A","key":0,"nsems":1,"flags":"IPC_CREAT|0600","id":"1"}',
      '{"do":"expect","step":"1","ret":0}',
      '{"do":"expect","step":1,"ret":"$A"}',
    );
    assert.deepEqual(
      sc.steps.slice(2).map((s) => (s.runs[0] as { step: number }).step),
      [2, 1],
    );
  });

  it('refuses other characters, an empty or overlong id, and ids that are not strings', () => {
    for (const id of ['a b', 'a$b', 'a/b', 'é', '', 'x'.repeat(201), 7, null]) refusedId(id);
    assert.equal(parse(`{"do":"spawn","task":"A","id":"${'x'.repeat(200)}"}`).steps[0]!.id!.length, 200);
  });

  it('still refuses an id used twice and an expect of an id no earlier step has', () => {
    assert.throws(
      () => parse('{"do":"spawn","task":"A","id":"a-1"}', '{"do":"spawn","task":"B","id":"a-1"}'),
      /"a-1" already names step 1/,
    );
    assert.throws(
      () => parse('{"do":"spawn","task":"A","id":"a-1"}', '{"do":"expect","step":"a.1","ret":0}'),
      /no earlier step has the id "a.1"/,
    );
  });
});
