// Running the built `semundo` command on images written to a temporary directory, and the machines
// those images come from.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import {
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_SET,
  ManualClock,
  SEM_UNDO,
  SETVAL,
  SIGSTOP,
  SIGUSR1,
  checkpoint,
  createKernel,
  type Kernel,
} from '../../src/api/index.js';
import { decodeImage, encodeImage } from '../../src/image/index.js';

/** The command as built: dist/src/cli/main.js (this file runs from dist/test/cli). */
export const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** test/cli/golden in the source tree. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../../test/cli/golden/', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function semundo(args: readonly string[], input?: string): Run {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env,
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory for one test file, removed when `after` runs. */
export function tempDir(): { dir: string; file: (name: string, text: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'semundo-cli-'));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const T0 = 1_800_000_000;

/**
 * A small machine that uses every part of an image: two IPC namespaces, a set given away with
 * IPC_SET, a shared undo list, sleepers of each kind (single, timed, complex), a stopped process
 * holding an EINTR, a caught signal. The same every time (ManualClock).
 */
export function smallMachine() {
  const clock = new ManualClock(T0);
  const k = createKernel({ clock });
  const a = k.spawn({ uid: 1000, gid: 1000 });
  const id = a.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o666);
  const id2 = a.semget(0x5eed, 2, IPC_CREAT | 0o640);
  a.semctl(id2, 0, IPC_SET, { uid: 2000, gid: 100, mode: 0o660 });
  a.trySemop(id, [{ sem_num: 0, sem_op: 4, sem_flg: SEM_UNDO }]);
  a.trySemop(id2, [{ sem_num: 1, sem_op: 2, sem_flg: SEM_UNDO }]);
  const t = a.thread();
  clock.advance(2_000_000_000);
  k.init.semctl(id, 2, SETVAL, 1);
  const f = a.fork({ sysvsem: true });
  const b = k.spawn({ uid: 2000, gid: 2000, groups: [1000] });
  b.sigaction(SIGUSR1, 'catch');
  const calls = [
    b.semop(id, [{ sem_num: 1, sem_op: -1, sem_flg: SEM_UNDO }]),
    t.semtimedop(id, [{ sem_num: 2, sem_op: 0, sem_flg: 0 }], 5_000_000_000),
    f.semop(id, [
      { sem_num: 0, sem_op: -5, sem_flg: 0 },
      { sem_num: 1, sem_op: 1, sem_flg: 0 },
    ]),
  ];
  const other = k.spawn({ newipc: true });
  const oid = other.semget(-77, 1, IPC_CREAT | 0o600);
  other.trySemop(oid, [{ sem_num: 0, sem_op: 7, sem_flg: SEM_UNDO }]);
  const s = k.spawn({ uid: 1000, gid: 1000 });
  calls.push(s.semop(id2, [{ sem_num: 0, sem_op: -1, sem_flg: 0 }]));
  for (const c of calls) c.catch(() => undefined);
  s.kill(SIGSTOP);
  clock.advance(1_500_000_000);
  return { k, clock, a, t, f, b, s, other, id, id2, oid };
}

export function smallImage(): string {
  return checkpoint(smallMachine().k);
}

/** The image of a model machine made into what `semundo host dump` writes: sets only. */
export function hostImage(k: Kernel): string {
  const body = decodeImage(checkpoint(k)).body;
  body.source = 'host';
  body.processes = [];
  body.undoLists = [];
  body.namespaces = body.namespaces.slice(0, 1);
  for (const s of body.namespaces[0]!.sets) s.queues = { alter: [], const: [], sems: [] };
  return encodeImage(body, 'semundo test host');
}

/** Compares `actual` with golden/`name`; UPDATE_GOLDEN=1 writes it instead. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`no golden file ${path}: run the tests with UPDATE_GOLDEN=1 to write it`);
  }
  assert.equal(actual, expected, `output differs from ${path} (UPDATE_GOLDEN=1 rewrites it)`);
}
