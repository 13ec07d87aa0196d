// Programs other people's libraries drive: Perl's IPC::Semaphore and IPC::SysV, Python through ctypes,
// PHP's sysvsem — the same transcript under `semundo run` as on the kernel in a fresh IPC namespace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROGRAMS, native, nativeSkipReason, runSkipReason, supervised } from './run-helpers.js';

const skip = runSkipReason() ?? nativeSkipReason();
if (skip) console.log(`# SKIP scripts under semundo run: ${skip}`);

function missing(cmd: string, args: string[]): string | false {
  const ok = spawnSync(cmd, args).status === 0;
  if (!ok) console.log(`# SKIP ${cmd}: not usable here (${[cmd, ...args].join(' ')} failed)`);
  return ok ? false : `${cmd} is not usable here`;
}

describe('scripts: semundo run agrees with the kernel', { skip: skip ?? false }, () => {
  const cases: [string, string[], string | false][] = [
    [
      'Perl IPC::Semaphore',
      ['perl', join(PROGRAMS, 'semaphore.pl')],
      missing('perl', ['-MIPC::Semaphore', '-e', '1']),
    ],
    [
      'Python ctypes',
      ['python3', join(PROGRAMS, 'ctypes_sem.py')],
      missing('python3', ['-c', 'import ctypes']),
    ],
    [
      'PHP sysvsem',
      ['php', join(PROGRAMS, 'sysvsem.php')],
      missing('php', ['-r', 'exit(function_exists("sem_get") && function_exists("pcntl_fork") ? 0 : 1);']),
    ],
  ];
  for (const [name, argv, why] of cases) {
    it(name, { skip: why }, async () => {
      const [real, ours] = await Promise.all([native(argv), supervised(argv)]);
      assert.equal(real.status, 0, `native run failed: ${real.stderr}`);
      assert.equal(ours.stdout, real.stdout);
      assert.equal(ours.stderr, real.stderr);
      assert.equal(ours.status, real.status);
    });
  }
});
