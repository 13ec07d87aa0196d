// The serving thread of a session's server: serves the listener the keeper handed over, with the journal
// if there is one (recovering from it first if an earlier server used it), and reports the end.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { checkpointBody, decodeImage, encodeImage } from '../image/index.js';
import { eventFd } from '../host/eventfd.js';
import { Session } from './serve-loop.js';
import { setDisposition } from '../host/signals.js';
import { gettid } from '../host/task-exit.js';
import { SIGURG } from '../abi/index.js';
import { Journal } from './journal.js';
import { parseFaults, setFaults } from './faults.js';
import type { BundleConfig } from './server-bundle.js';

export interface WorkerInput {
  listenerFd: number;
  /** The journal and the two snapshot memfds, or null when changes are not journaled. */
  journalFds: [number, number, number] | null;
  /** --restore: a memfd holding the image's text, or -1. */
  restoreFd: number;
  config: BundleConfig;
  /** Where control requests arrive (transferred). */
  port: MessagePort;
  /** Set (to 1) by the main thread when a control request waits; shared. */
  flag: Int32Array;
}

export type WorkerReport =
  | { kind: 'started'; wakeFd: number; tid: number }
  | { kind: 'ended'; saveError?: string }
  | { kind: 'failed'; message: string };

function report(r: WorkerReport): void {
  parentPort!.postMessage(r);
}

/** --save: the image of the session as it ended (its sets; no process is left), written whole or not at all. */
function saveImage(session: Session, save: NonNullable<BundleConfig['save']>): { saveError?: string } {
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
  const c = input.config;
  const faults = parseFaults(c.faults);
  if (typeof faults === 'string') return report({ kind: 'failed', message: `SEMUNDO_FAULTS: ${faults}` });
  setFaults(faults);
  const j = input.journalFds;
  const journal = j ? new Journal(j[0], [j[1], j[2]]) : null;
  const wakeFd = eventFd();
  const session = new Session({
    listenerFd: input.listenerFd,
    firstTid: c.launcherPid,
    virtualFiles: c.virtualFiles,
    reservedFd: c.reservedFd,
    control: { port: input.port, wakeFd, flag: input.flag },
    journal,
    clockOrigin: BigInt(c.clockOrigin),
    producer: c.producer,
    command: c.info.command,
    keeperPid: c.info.pid,
    restore:
      input.restoreFd < 0
        ? null
        : () => decodeImage(readFileSync(`/proc/self/fd/${input.restoreFd}`, 'utf8')).body,
    ...(c.snapshotAfter !== null && { snapshotAfter: c.snapshotAfter }),
  });
  // A control request interrupts a RECV with SIGURG, whose handler does nothing (and restarts nothing).
  setDisposition(SIGURG, 'catch', false);
  report({ kind: 'started', wakeFd, tid: gettid() });
  session.run();
  report(c.save ? { kind: 'ended', ...saveImage(session, c.save) } : { kind: 'ended' });
}

parentPort!.once('message', (input: WorkerInput) => main(input));
