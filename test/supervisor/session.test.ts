// The session itself: what the command inherits, its exit status, relayed signals, and daemons served to the end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  MAIN,
  compile,
  compilerSkipReason,
  native,
  nativeSkipReason,
  runSkipReason,
  supervised,
} from './run-helpers.js';

const skip = runSkipReason() ?? compilerSkipReason() ?? nativeSkipReason();
if (skip) console.log(`# SKIP semundo run sessions: ${skip}`);

describe('semundo run: the session', { skip: skip ?? false }, () => {
  it('the command inherits what it would have inherited directly', async () => {
    const bin = compile('environment');
    const env = { ...process.env, SEMUNDO_T: 'a b\tc' };
    const args = [bin, 'one', '', 'three four'];
    const [real, ours] = await Promise.all([native(args, { env }), supervised(args, { env })]);
    assert.equal(real.status, 4);
    assert.equal(ours.stdout, real.stdout);
    assert.equal(ours.status, real.status);
  });

  it('exits as the command did: its code, 128+N for a signal, 127/126 when it cannot run', async () => {
    assert.equal((await supervised(['sh', '-c', 'exit 7'])).status, 7);
    assert.equal((await supervised(['sh', '-c', 'kill -TERM $$'])).status, 143);
    assert.equal((await supervised(['sh', '-c', 'kill -KILL $$'])).status, 137);
    const missing = await supervised(['semundo-no-such-command']);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /semundo-no-such-command: command not found/);
    assert.equal((await supervised(['/etc/passwd'])).status, 126);
  });

  it('relays SIGTERM, SIGHUP and SIGINT sent to it alone, once each', async () => {
    const bin = compile('relay');
    const child = spawn(process.execPath, [MAIN, 'run', '--', bin], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      }),
    );
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await ready;
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
      child.kill(sig);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await ended, 0);
    assert.match(out, /TERM 1 HUP 1 INT 1/);
  });

  it('serves a daemon that outlives the command, and exits with the command status after it', async () => {
    const bin = compile('daemon');
    const started = Date.now();
    const r = await supervised([bin]);
    assert.ok(Date.now() - started >= 300, 'the session ended before the daemon did');
    assert.equal(r.status, 4);
    assert.match(r.stdout, /command exits\ndaemon: semop 0, value 1, parent is the subreaper\n/);
  });
});
