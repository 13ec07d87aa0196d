// `semundo demo`: its five acts run to the end and tell what the model did, and what real processes saw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sessionSupport } from '../../src/session/index.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('the demo runs its acts: the restored crash gives the lock to the sleeper, a killed real process its slot, a restarted session the same', () => {
  const r = spawnSync(process.execPath, [MAIN, 'demo'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  for (const act of ['Act 2', 'Act 3', 'Act 4', 'Act 5']) assert.match(r.stdout, new RegExp(act));
  assert.match(r.stdout, /values \[5,5,0\]: exactly the state before/);
  assert.match(r.stdout, /restore: values \[0,1\]/);
  assert.match(r.stdout, /semop returns 0: it has the lock \(values \[0,3\]\)\n\nAct 4/);
  if (sessionSupport()) return;
  // Act 4, for real: the undo list read inside and outside the session, and given back at the SIGKILL.
  const holder = /pids (\d+) and (\d+) each take a slot with semop\(-1, SEM_UNDO\): value 0\n/.exec(r.stdout);
  assert.ok(holder, r.stdout);
  const a = holder[1]!;
  assert.match(r.stdout, new RegExp(`cat /proc/${a}/semundo[^\\n]*\\n +0 +1 +1\\n`));
  assert.match(r.stdout, new RegExp(`\\$ semundo undo ${a}\\n +0 +1 +1\\n`));
  assert.match(r.stdout, new RegExp(`\\n  ${a} +0 +1 +1\\n`));
  assert.match(
    r.stdout,
    new RegExp(`pid ${a} is SIGKILLed while it holds its slot: value 1, GETPID ${a}\\n`),
  );
  assert.match(r.stdout, /semundo run exited with status 0/);
  // Act 5: the image taken live, the session ended, restored, the list adopted and given back at a crash.
  const act5 = r.stdout.slice(r.stdout.indexOf('Act 5'));
  const first = /pid (\d+) takes a slot with semop\(-1, SEM_UNDO\): value 1\n/.exec(act5);
  assert.ok(first, act5);
  const old = first[1]!;
  assert.match(act5, /checkpoint: session \d+: 1 set, 2 processes, 1 undo list, 0 sleepers;/);
  assert.match(act5, new RegExp(`\\$ semundo undo --from session.img ${old}\\n +0 +1 +1\\n`));
  assert.match(act5, new RegExp(`pid ${old} is SIGKILLed: value 2, its undo list gave the slot back\\n`));
  assert.match(act5, new RegExp(`set 0 is there again, value 1: the slot pid ${old} took is still taken\\n`));
  const restarted = new RegExp(`pid (\\d+) is pid ${old} restarted`).exec(act5);
  assert.ok(restarted, act5);
  const pid = restarted[1]!;
  assert.match(
    act5,
    new RegExp(
      `\\$ semundo undo adopt ${old} ${pid} --session \\d+\\n  cat /proc/${pid}/semundo[^\\n]*\\n +0 +1 +1\\n`,
    ),
  );
  assert.match(act5, new RegExp(`pid ${pid} is SIGKILLed: value 2 \\(GETNCNT 0\\), the slot back`));
  assert.match(act5, /semundo run --restore exited with status 0\n/);
});
