// A task agent's calls: each request is carried out synchronously on the thread that received it, so
// the kernel sees that thread (its credentials, namespace, undo list) make the call, and a call that
// sleeps blocks that thread until the kernel answers.
import { Worker } from 'node:worker_threads';
import { CLONE_SYSVSEM, SIGCHLD } from '../abi/index.js';
import {
  agentArgs,
  fromWireCred,
  type AgentReply,
  type AgentRequest,
  type AgentStart,
} from './agent-protocol.js';
import { cloneExec } from './clone-exec.js';
import { execv } from './exec.js';
import { readPath, writePath } from './file-calls.js';
import { joinIpcNamespace, unshare } from './namespaces.js';
import { semget, semop, semtimedop } from './sem-syscalls.js';
import { dieWithParent } from './reaping.js';
import { semctl } from './semctl.js';
import { applySignalMap } from './signal-dispositions.js';
import { setDisposition } from './signals.js';
import { exitGroup, exitThread } from './task-exit.js';
import { applyThreadCred, changeThreadCred } from './thread-credentials.js';

/** Where this agent runs: its script (to start threads and processes like it) and the runner's socket. */
export interface AgentContext {
  script: string;
  socket: string;
  isMain: boolean;
}

const result = (id: number, r: number, value?: unknown): AgentReply =>
  r < 0 ? { id, errno: -r } : value === undefined ? { id, ret: r } : { id, ret: r, value };

/** The reply to send, or null for a call that does not return (exit, a successful exec). */
export function execute(ctx: AgentContext, req: AgentRequest): AgentReply | null {
  const { id } = req;
  switch (req.op) {
    case 'assign': {
      let r = joinIpcNamespace(req.ns);
      if (r >= 0) r = applySignalMap(req.signals);
      if (r >= 0) r = applyThreadCred(fromWireCred(req.cred));
      if (r >= 0) r = dieWithParent();
      return result(id, r);
    }
    case 'semget':
      return result(id, semget(req.key, req.nsems, req.semflg));
    case 'semop':
      return result(id, semop(req.semid, req.sops));
    case 'semtimedop': {
      const t = req.timeout && { tv_sec: req.timeout[0], tv_nsec: req.timeout[1] };
      return result(id, semtimedop(req.semid, req.sops, t));
    }
    case 'semctl': {
      const r = semctl(req.semid, req.semnum, req.cmd, req.arg);
      return result(id, r.ret, r.value);
    }
    case 'setcred': {
      const { id: _, op: __, caps, ...ids } = req;
      return result(
        id,
        changeThreadCred({ ...ids, ...(caps !== undefined && { caps: BigInt(`0x${caps}`) }) }),
      );
    }
    case 'unshare':
      return result(id, unshare(req.flags));
    case 'sigaction':
      return result(id, setDisposition(req.sig, req.action));
    case 'thread': {
      const start: AgentStart = { socket: ctx.socket, token: req.token, sysvsem: req.sysvsem };
      new Worker(ctx.script, { workerData: start, stdout: false, stderr: false });
      return result(id, 0);
    }
    case 'fork': {
      const args = agentArgs(ctx.script, { socket: ctx.socket, token: req.token, inherited: req.signals });
      const pid = cloneExec(CLONE_SYSVSEM | SIGCHLD, process.execPath, [process.execPath, ...args]);
      return result(id, pid);
    }
    case 'exec': {
      const args = agentArgs(ctx.script, { socket: ctx.socket, token: req.token, inherited: req.signals });
      return result(id, execv(process.execPath, [process.execPath, ...args]));
    }
    case 'exit':
      return ctx.isMain ? exitGroup(0) : exitThread(0);
    case 'read': {
      const r = readPath(req.path, req.chunk);
      return typeof r === 'number' ? result(id, r) : result(id, r.ret, r.text);
    }
    case 'write':
      return result(id, writePath(req.path, req.data));
  }
}
