// The serving thread of `semundo run`: takes the listener from the launcher, serves, reports the end.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { checkpointBody, encodeImage } from '../image/index.js';
import { eventFd } from '../host/eventfd.js';
import { recvFd } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { Session } from './serve-loop.js';
import { setDisposition } from '../host/signals.js';
import { gettid } from '../host/task-exit.js';
import { SIGURG } from '../abi/index.js';

export interface WorkerInput {
  /** Our end of the launch socket. */
  sock: number;
  launcherPid: number;
  virtualFiles: boolean;
  reservedFd: number | null;
  /** Where control requests arrive (transferred). */
  port: MessagePort;
  /** Set (to 1) by the main thread when a control request waits; shared. */
  flag: Int32Array;
  /** Where the session's image goes when it ends (--save), and the producer it names. */
  save: { path: string; producer: string } | null;
}

export type WorkerReport =
  | { kind: 'started'; wakeFd: number; tid: number }
  | { kind: 'ended'; saveError?: string }
  | { kind: 'failed'; message: string };

function report(r: WorkerReport): void {
  parentPort!.postMessage(r);
}

/** --save: the image of the session as it ended (its sets; no process is left), written whole or not at all. */
function saveImage(session: Session, save: NonNullable<WorkerInput['save']>): { saveError?: string } {
  const tmp = `${save.path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, encodeImage(checkpointBody(session.k), save.producer), { mode: 0o600 });
    renameSync(tmp, save.path);
    return {};
  } catch (e) {
    rmSync(tmp, { force: true });
    return { saveError: `cannot save the image to ${save.path}: ${(e as Error).message}` };
  }
}

function main(input: WorkerInput): void {
  const got = recvFd(input.sock, 256);
  closeFd(input.sock);
  if (typeof got === 'number')
    return report({ kind: 'failed', message: `recvmsg failed with errno ${-got}` });
  if (got.fd < 0)
    return report({ kind: 'failed', message: got.data.toString() || 'the launcher ended early' });
  const wakeFd = eventFd();
  const session = new Session({
    listenerFd: got.fd,
    firstTid: input.launcherPid,
    virtualFiles: input.virtualFiles,
    reservedFd: input.reservedFd,
    control: { port: input.port, wakeFd, flag: input.flag },
  });
  // A control request interrupts a RECV with SIGURG, whose handler does nothing (and restarts nothing).
  setDisposition(SIGURG, 'catch', false);
  report({ kind: 'started', wakeFd, tid: gettid() });
  session.run();
  report(input.save ? { kind: 'ended', ...saveImage(session, input.save) } : { kind: 'ended' });
}

parentPort!.once('message', (input: WorkerInput) => main(input));
