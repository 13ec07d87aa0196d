// Consistency of an image's processes and threads: pids and tids, credentials, signal dispositions,
// and the namespaces and undo lists they refer to.
import { SIGKILL, SIGSTOP } from '../abi/index.js';
import { fail } from './image-error.js';
import type { CredImage, ImageBody, ProcessImage } from './image-types.js';
import { threadPath, type ThreadRef } from './validate-context.js';

function checkAscending(xs: readonly number[], path: string, what: string): void {
  for (let i = 1; i < xs.length; i++)
    if (xs[i]! <= xs[i - 1]!) fail(`${path}[${i}]`, `${xs[i]} does not come after ${xs[i - 1]} (${what})`);
}

function checkCred(c: CredImage, path: string): void {
  checkAscending(c.capEff, `${path}.capEff`, 'ascending, each capability once');
  checkAscending(c.capPrm, `${path}.capPrm`, 'ascending, each capability once');
  const permitted = new Set(c.capPrm);
  c.capEff.forEach((cap, i) => {
    if (!permitted.has(cap))
      fail(`${path}.capEff[${i}]`, `${cap} is not in capPrm (effective capabilities are permitted ones)`);
  });
}

function checkDispositions(proc: ProcessImage, path: string): void {
  const sigs = proc.dispositions.map((d) => d.sig);
  checkAscending(sigs, `${path}.dispositions`, 'ascending by signal, each signal once');
  proc.dispositions.forEach((d, i) => {
    if (d.sig === SIGKILL || d.sig === SIGSTOP)
      fail(
        `${path}.dispositions[${i}].sig`,
        `${d.sig} (${d.sig === SIGKILL ? 'SIGKILL' : 'SIGSTOP'}) cannot be caught or ignored`,
      );
  });
}

/**
 * Numbers used in order of first use: index `i` may appear only once 0..i-1 have. `used` is how many
 * have appeared so far; returns the new count.
 */
function firstUse(i: number, used: number, total: number, path: string, what: string): number {
  if (i >= total) fail(path, `${i} >= ${total} ${what}s`);
  if (i > used)
    fail(path, `${i} is used before ${what}s[${used}] (${what}s are numbered in order of first use)`);
  return i === used ? used + 1 : used;
}

function checkThreads(proc: ProcessImage, path: string): void {
  const first = proc.threads[0]!.tid;
  if (first < proc.pid)
    fail(`${path}.threads[0].tid`, `${first} < pid ${proc.pid} (a thread is created after its process)`);
  checkAscending(
    proc.threads.map((t) => t.tid),
    `${path}.threads`,
    'threads are in creation order, and tids are handed out in increasing order',
  );
}

/** Threads by tid; checks pids and tids are unique and below lastPid, and the indexes threads hold. */
export function checkProcesses(body: ImageBody): Map<number, ThreadRef> {
  const owner = new Map<number, string>();
  let maxId = 0;
  let maxWhat = '';
  body.processes.forEach((proc, p) => {
    const path = `body.processes[${p}]`;
    if (p > 0 && proc.pid <= body.processes[p - 1]!.pid)
      fail(
        `${path}.pid`,
        `${proc.pid} does not come after ${body.processes[p - 1]!.pid} (processes are in pid order)`,
      );
    owner.set(proc.pid, `the pid of processes[${p}]`);
  });
  const threads = new Map<number, ThreadRef>();
  let nsUsed = 1;
  let listsUsed = 0;
  body.processes.forEach((process, p) => {
    const path = `body.processes[${p}]`;
    checkDispositions(process, path);
    checkThreads(process, path);
    process.threads.forEach((thread, t) => {
      const tp = threadPath({ p, t });
      if (thread.tid !== process.pid) {
        const other = owner.get(thread.tid);
        if (other !== undefined) fail(`${tp}.tid`, `${thread.tid} is also ${other}`);
        owner.set(thread.tid, `the tid of ${tp}`);
      }
      if (thread.tid > maxId) [maxId, maxWhat] = [thread.tid, `the tid of ${tp}`];
      if (process.pid > maxId) [maxId, maxWhat] = [process.pid, `the pid of ${path}`];
      checkCred(thread.cred, `${tp}.cred`);
      nsUsed = firstUse(thread.ns, nsUsed, body.namespaces.length, `${tp}.ns`, 'namespace');
      if (thread.undoList !== null)
        listsUsed = firstUse(thread.undoList, listsUsed, body.undoLists.length, `${tp}.undoList`, 'undoList');
      threads.set(thread.tid, { process, thread, p, t });
    });
  });
  if (body.lastPid < maxId)
    fail('body.lastPid', `${body.lastPid} < ${maxId}, ${maxWhat} (pids are handed out in increasing order)`);
  if (nsUsed < body.namespaces.length)
    fail(`body.namespaces[${nsUsed}]`, 'no thread is in it (only namespaces[0] may have no threads)');
  if (listsUsed < body.undoLists.length) fail(`body.undoLists[${listsUsed}]`, 'no thread holds it');
  return threads;
}
