// The progress line: only on a terminal, never in CI or when quiet, at most one redraw per interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress, progressWanted, type ProgressStream } from '../../src/cli/progress.js';

function terminal(isTTY = true, columns = 80) {
  const writes: string[] = [];
  const stream: ProgressStream = { isTTY, columns, write: (s: string) => writes.push(s) };
  return { stream, writes };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('the line is drawn only on a terminal, and not in CI, on a dumb terminal, or when quiet', () => {
  const tty = terminal().stream;
  assert.equal(progressWanted(tty, {}), true);
  assert.equal(progressWanted(tty, { CI: 'false' }), true);
  assert.equal(progressWanted(tty, { CI: 'true' }), false);
  assert.equal(progressWanted(tty, { CI: '1' }), false);
  assert.equal(progressWanted(tty, { TERM: 'dumb' }), false);
  assert.equal(progressWanted(tty, {}, true), false);
  assert.equal(progressWanted(terminal(false).stream, {}), false);
  const off = terminal(false);
  const p = new Progress({ stream: off.stream, env: {} });
  p.start('sets', 10);
  p.tick(5);
  p.end();
  assert.equal(p.enabled, false);
  assert.deepEqual(off.writes, []);
});

test('redraws are throttled to the interval, and end erases the line', () => {
  const { stream, writes } = terminal();
  const c = clock();
  const p = new Progress({ stream, env: {}, now: c.now });
  p.start('sets', 1000);
  assert.equal(writes.length, 1);
  for (let i = 0; i < 999; i++) p.tick();
  assert.equal(writes.length, 1, 'no redraw within 100 ms');
  c.advance(100);
  p.tick();
  assert.equal(writes.length, 2);
  assert.equal(writes[1], '\r\x1b[Ksets [##############################] 1,000/1,000 100%');
  p.end();
  assert.equal(writes[2], '\r\x1b[K');
  p.tick();
  c.advance(1000);
  p.tick();
  assert.equal(writes.length, 3, 'nothing after end');
});

test('the line fits the terminal; without a total it counts; clear erases until the next redraw', () => {
  const { stream, writes } = terminal(true, 40);
  const c = clock();
  const p = new Progress({ stream, env: {}, now: c.now });
  p.start('inspecting', 32000);
  c.advance(250);
  p.update(8000);
  assert.equal(writes.at(-1), '\r\x1b[Kinspecting [##-------] 8,000/32,000 25%');
  assert.ok(writes.at(-1)!.length - 4 < 40);
  p.clear();
  assert.equal(writes.at(-1), '\r\x1b[K');
  p.tick();
  assert.match(writes.at(-1)!, /8,001\/32,000/);
  p.start('reading');
  assert.equal(writes.at(-1), '\r\x1b[Kreading ...');
  c.advance(100);
  p.tick(1234);
  assert.equal(writes.at(-1), '\r\x1b[Kreading 1,234');
});
