// SystemClock's timers on (mocked) event-loop timers and a mocked monotonic clock.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/lib/index.js';

const MAX_TIMEOUT_MS = 2_147_483_647;
const MS = 1_000_000n;

/** Runs `body` with setTimeout and process.hrtime.bigint() both driven by `tick(ms)`. */
function withMockedTime(body: (tick: (ms: number) => void) => void): void {
  let nowMs = 0n;
  const hrtime = mock.method(process.hrtime, 'bigint', () => 1_000_000_000n + nowMs * MS);
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    body((ms) => {
      nowMs += BigInt(ms);
      mock.timers.tick(ms);
    });
  } finally {
    mock.timers.reset();
    hrtime.mock.restore();
  }
}

test('a timer fires at its deadline, not before', () => {
  withMockedTime((tick) => {
    const clock = new SystemClock();
    let fired = 0;
    clock.setTimer(clock.monotonicNs() + 50n * MS, () => fired++);
    tick(49);
    assert.equal(fired, 0);
    tick(1);
    assert.equal(fired, 1);
  });
});

test('a deadline beyond the longest setTimeout delay is still waited for in full', () => {
  withMockedTime((tick) => {
    const clock = new SystemClock();
    let fired = 0;
    const days30 = 30n * 86_400_000n;
    clock.setTimer(clock.monotonicNs() + days30 * MS, () => fired++);
    tick(MAX_TIMEOUT_MS);
    assert.equal(fired, 0);
    tick(Number(days30) - MAX_TIMEOUT_MS - 1);
    assert.equal(fired, 0);
    tick(1);
    assert.equal(fired, 1);
  });
});

test('clearing a long timer works before and after it re-arms', () => {
  withMockedTime((tick) => {
    const clock = new SystemClock();
    let fired = 0;
    const far = BigInt(3 * MAX_TIMEOUT_MS) * MS;
    const a = clock.setTimer(clock.monotonicNs() + far, () => fired++);
    const b = clock.setTimer(clock.monotonicNs() + far, () => fired++);
    clock.clearTimer(a);
    tick(MAX_TIMEOUT_MS + 1);
    clock.clearTimer(b);
    tick(3 * MAX_TIMEOUT_MS);
    assert.equal(fired, 0);
  });
});

test('a deadline already past fires on the next turn of the event loop', () => {
  withMockedTime((tick) => {
    const clock = new SystemClock();
    tick(100);
    let fired = 0;
    clock.setTimer(clock.monotonicNs() - 10n * MS, () => fired++);
    assert.equal(fired, 0);
    tick(1);
    assert.equal(fired, 1);
  });
});
