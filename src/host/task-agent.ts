// One task of a scenario on the real kernel: a process's main thread (started by the runner, or by
// clone+exec / exec of another task) or one of its threads (a worker thread). It connects to the
// runner, says who it is, and carries out each call it receives on its own thread.
import { promises as fsp } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { CLONE_SYSVSEM } from '../abi/index.js';
import { parseAgentArgs, type AgentHello, type AgentRequest, type AgentStart } from './agent-protocol.js';
import { execute, type AgentContext } from './agent-commands.js';
import { unshare } from './namespaces.js';
import { applySignalMap } from './signal-dispositions.js';
import { exitGroup, gettid } from './task-exit.js';

const start: AgentStart = isMainThread ? parseAgentArgs(process.argv.slice(2)) : (workerData as AgentStart);
const ctx: AgentContext = {
  script: fileURLToPath(import.meta.url),
  socket: start.socket,
  isMain: isMainThread,
};

if (isMainThread && start.inherited) {
  check(applySignalMap(start.inherited), 'sigaction');
} else if (isMainThread) {
  // Node's own threads were cloned with CLONE_SYSVSEM from this one. Leaving them the (still empty)
  // list makes this thread the only holder of the list it will get, as in a one-threaded program.
  // The libuv thread pool is started first so that no runtime thread is created later.
  await fsp.stat('/');
  check(unshare(CLONE_SYSVSEM), 'unshare');
} else if (start.sysvsem === false) {
  check(unshare(CLONE_SYSVSEM), 'unshare');
}

serve(createConnection(start.socket));

function check(r: number, what: string): void {
  if (r < 0) throw new Error(`task agent: ${what} failed with errno ${-r}`);
}

function serve(sock: Socket): void {
  sock.setNoDelay?.(true);
  const hello: AgentHello = { hello: start.token, pid: process.pid, tid: gettid() };
  sock.write(`${JSON.stringify(hello)}\n`);
  let pending = '';
  sock.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const reply = execute(ctx, JSON.parse(line) as AgentRequest);
      if (reply) sock.write(`${JSON.stringify(reply)}\n`);
    }
  });
  // Without its runner a task process has nothing left to do.
  sock.on('close', () => {
    if (isMainThread) exitGroup(0);
  });
  sock.on('error', () => {});
}
