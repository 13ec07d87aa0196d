// `semundo demo`: its three acts run to the end and tell what the model did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('the demo runs its three acts and the restored crash gives the lock to the sleeper', () => {
  const r = spawnSync(process.execPath, [MAIN, 'demo'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const act of ['Act 2', 'Act 3']) assert.match(r.stdout, new RegExp(act));
  assert.match(r.stdout, /values \[5,5,0\]: exactly the state before/);
  assert.match(r.stdout, /restore: values \[0,1\]/);
  assert.match(r.stdout, /semop returns 0: it has the lock \(values \[0,3\]\)\n$/);
});
