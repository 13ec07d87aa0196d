// The runner on a host that stops following: a stand-in host (the model under the host's name) shows
// how a call that blocked before a write of a model-only file, and ends after it, is compared.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend } from '../../src/scenario/backend.js';
import { judge } from '../../src/scenario/file-outcome.js';
import { ModelBackend } from '../../src/scenario/model/model-backend.js';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';

const WAKEUP_AFTER_WRITE = [
  '{"do":"spawn","task":"A"}',
  '{"do":"spawn","task":"W"}',
  '{"do":"semget","task":"A","key":"IPC_PRIVATE","nsems":1,"flags":"0600","save":"S"}',
  '{"do":"semop","task":"W","semid":"$S","sops":[[0,-1,0]]}',
  '{"do":"write","task":"A","path":"/proc/self/semundo","data":""}',
  '{"do":"semop","task":"A","semid":"$S","sops":[[0,1,0]]}',
].join('\n');

/** The model, named host: it skips model-only files as the host does. */
function standInHost(): Backend {
  const m = new ModelBackend();
  return {
    name: 'host',
    get notes() {
      return m.notes;
    },
    begin: () => m.begin(),
    call: (c, onEnd) => m.call(c, onEnd),
    settle: (ms) => m.settle(ms),
    pid: (t) => m.pid(t),
    tid: (t) => m.tid(t),
    alive: (t) => m.alive(t),
    stopped: (t) => m.stopped(t),
    close: () => m.close(),
  };
}

describe('a host that stopped following', () => {
  it('leaves to the model how a call asleep at the stop ends, and says so', async () => {
    const sc = parseScenario('wake.jsonl', WAKEUP_AFTER_WRITE);
    const model = await runScenario(sc, new ModelBackend());
    const host = await runScenario(sc, standInHost());
    assert.deepEqual(model.steps[3]!.runs[0]!.ended, { ret: 0 });
    assert.equal(model.steps[3]!.runs[0]!.endedAt, 6);
    assert.equal(host.stoppedAt, 5);
    assert.match(host.notes.join('\n'), /task W is asleep in the call of step 4 when the host stops/);
    const o = judge('wake.jsonl', [model, host], []);
    assert.deepEqual(o.divergences, []);
    assert.equal(o.ok, true);
  });
});
