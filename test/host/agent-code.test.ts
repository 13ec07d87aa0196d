// The task agent's code as tasks that dropped root load it again (threads, clone+exec, exec): a copy
// every user can read, wherever the project lives; and a task that cannot load it fails at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { hostSupport } from '../../src/host/host-support.js';
import { stageAgentCode } from '../../src/scenario/host/agent-code.js';
import { HostBackend } from '../../src/scenario/host/host-backend.js';
import { closeHostEnvironment, hostEnvironment } from '../../src/scenario/host/host-environment.js';

const support = await hostSupport();
if (!support.ok) console.error(`*** agent code tests SKIPPED: ${support.reason}`);
const skip = support.ok ? false : `host kernel unavailable: ${support.reason}`;

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const NOBODY = 65534;

describe('task agent code', { skip }, () => {
  after(() => closeHostEnvironment());

  it('is a copy outside the project that any user can load and no one else can change', () => {
    const code = stageAgentCode();
    try {
      assert.ok(relative(PROJECT, code.script).startsWith('..'), `${code.script} is outside ${PROJECT}`);
      for (let d = dirname(code.script); d !== '/'; d = dirname(d)) {
        const st = statSync(d);
        if (st.mode & 0o1000) break;
        assert.equal(st.uid, 0, `${d} belongs to root`);
        assert.equal(st.mode & 0o022, 0, `${d} is writable by root alone`);
      }
      // Without --socket the agent stops at its first statement: every module it imports has loaded.
      const r = spawnSync(process.execPath, [code.script], {
        uid: NOBODY,
        gid: NOBODY,
        cwd: '/',
        encoding: 'utf8',
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /task agent: --socket and --token are required/);
    } finally {
      code.remove();
    }
  });

  it('that a thread cannot load makes the thread fail at once, not after a wait', async () => {
    const { code } = await hostEnvironment();
    const b = new HostBackend();
    await b.begin();
    try {
      await b.call({ op: 'spawn', task: 'A', uid: 1000, gid: 1000, groups: [] }, () => {});
      chmodSync(dirname(code.script), 0o700);
      const start = Date.now();
      await assert.rejects(
        b.call({ op: 'thread', task: 'T', from: 'A', sysvsem: true }, () => {}),
        /task T did not start, its process died/,
      );
      assert.ok(Date.now() - start < 10_000, `failed after ${Date.now() - start} ms`);
    } finally {
      chmodSync(dirname(code.script), 0o755);
      await b.close();
    }
  });
});
