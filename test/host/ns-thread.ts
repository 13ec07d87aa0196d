// A worker thread that joins a given IPC namespace (namespaces are per thread) and makes host binding
// calls on request, so tests can use the real kernel without touching the test process's namespace.
import { parentPort, workerData } from 'node:worker_threads';
import { CLONE_NEWIPC } from '../../src/abi/index.js';
import { cloneExec } from '../../src/host/clone-exec.js';
import { capget, capset, capMask } from '../../src/host/credentials.js';
import { readPath, writePath } from '../../src/host/file-calls.js';
import { kcmpSysvsem } from '../../src/host/kcmp.js';
import { setns, unshare } from '../../src/host/namespaces.js';
import { reapIfDead } from '../../src/host/reaping.js';
import { semget, semop, semtimedop } from '../../src/host/sem-syscalls.js';
import { semctl } from '../../src/host/semctl.js';
import { gettid } from '../../src/host/task-exit.js';
import { changeThreadCred } from '../../src/host/thread-credentials.js';

const fns: Record<string, (...args: never[]) => unknown> = {
  semget,
  semop,
  semtimedop,
  semctl,
  unshare,
  capget,
  capset,
  capMask,
  kcmpSysvsem,
  gettid,
  cloneExec,
  reapIfDead,
  readPath,
  writePath,
  changeThreadCred,
};

const { nsFd } = workerData as { nsFd: number };
const joined = setns(nsFd, CLONE_NEWIPC);
if (joined < 0) throw new Error(`setns failed: ${joined}`);

parentPort!.on('message', (m: { id: number; fn: string; args: unknown[] }) => {
  try {
    const fn = fns[m.fn];
    if (!fn) throw new Error(`no function ${m.fn}`);
    parentPort!.postMessage({ id: m.id, value: fn(...(m.args as never[])) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: String((e as Error).stack ?? e) });
  }
});
parentPort!.postMessage({ ready: gettid() });
