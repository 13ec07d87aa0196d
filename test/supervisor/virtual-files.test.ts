// The session's virtual /proc files: what a C program, a shell and Python see of /proc/<pid>/semundo
// (which Linux does not have: golden output) and of /proc/sysvipc/sem and the sysctls.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  PROGRAMS,
  compile,
  compilerSkipReason,
  native,
  nativeSkipReason,
  runSkipReason,
  supervised,
} from './run-helpers.js';

const GOLDEN = fileURLToPath(new URL('../../../test/supervisor/golden/', import.meta.url));
const skip = runSkipReason() ?? nativeSkipReason();
if (skip) console.log(`# SKIP virtual files under semundo run: ${skip}`);

describe('semundo run: virtual /proc files', { skip: skip ?? false }, () => {
  it(
    'a C program reads and writes /proc/self/semundo, another process file, and the sysctls',
    { skip: compilerSkipReason() ?? false },
    async () => {
      const r = await supervised([compile('vfiles')]);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, readFileSync(join(GOLDEN, 'vfiles.txt'), 'utf8'));
      assert.equal(r.status, 0);
    },
  );

  it('util-linux ipcmk, ipcs and ipcrm see the session as they see a fresh namespace', async () => {
    const argv = ['sh', join(PROGRAMS, 'util-linux.sh')];
    const [real, ours] = await Promise.all([native(argv), supervised(argv)]);
    assert.match(real.stdout, /Semaphore Array semid=0/);
    assert.equal(ours.stdout, real.stdout);
    assert.equal(ours.stderr, real.stderr);
    assert.equal(ours.status, real.status);
  });

  it('a shell redirection and Python open() write /proc/self/semundo', async () => {
    const script = [
      'ipcmk -S 2 >/dev/null',
      'echo "0 2 5 -3" > /proc/self/semundo && cat /proc/$$/semundo',
      `python3 -c 'f = open("/proc/self/semundo", "w"); f.write("0 2 1 1\\n"); f.close(); print(open("/proc/self/semundo").read(), end="")
try:
    f = open("/proc/self/semundo", "w")
    f.write("junk\\n")
    f.close()
except OSError as e:
    print("junk:", e.strerror)'`,
    ].join('\n');
    const r = await supervised(['sh', '-c', script]);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      '         0      2      5     -3\n         0      2      1      1\njunk: Invalid argument\n',
    );
  });

  it("with --no-proc the files are the kernel's", async () => {
    const r = await supervised(
      ['sh', '-c', 'ipcmk -S 1 >/dev/null; cat /proc/self/semundo; echo "rc $?"'],
      {},
      ['--no-proc'],
    );
    assert.match(r.stdout, /rc 1/);
    assert.match(r.stderr, /No such file or directory/);
  });
});
