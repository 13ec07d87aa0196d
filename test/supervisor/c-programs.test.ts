// Small C programs see the same results under `semundo run` as on the real kernel in a fresh IPC namespace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compile,
  compilerSkipReason,
  native,
  nativeSkipReason,
  runSkipReason,
  supervised,
} from './run-helpers.js';

const skip = runSkipReason() ?? compilerSkipReason() ?? nativeSkipReason();
if (skip) console.log(`# SKIP C programs under semundo run: ${skip}`);

const PROGRAMS = [
  'undo-fork',
  'signals',
  'signal-race',
  'faults',
  'threads',
  'namespaces',
  'exit-order',
  'killed-sleeper',
];

describe('C programs: semundo run agrees with the kernel', { skip: skip ?? false }, () => {
  for (const name of PROGRAMS) {
    it(name, async () => {
      const bin = compile(name);
      const [real, ours] = await Promise.all([native([bin]), supervised([bin])]);
      assert.equal(real.status, 0, `native run failed: ${real.stderr}`);
      assert.equal(ours.stdout, real.stdout);
      assert.equal(ours.stderr, real.stderr);
      assert.equal(ours.status, real.status);
    });
  }

  it('kill-storm: processes SIGKILLed at any moment have their undo applied exactly once', async () => {
    const bin = compile('kill-storm');
    const [real, ours] = await Promise.all([native([bin]), supervised([bin])]);
    assert.equal(real.status, 0, `native run failed: ${real.stderr}`);
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(real.stdout, 'values 5 5 5 5, waiting 0/0 0/0 0/0 0/0\n');
    assert.equal(ours.stdout, real.stdout);
    for (const r of [real, ours]) assert.ok(Number(/(\d+) kills/.exec(r.stderr)?.[1]) >= 100, r.stderr);
  });
});
