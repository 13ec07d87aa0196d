// The program `semundo demo` runs under `semundo run`: real processes (node, through libc's semget, semop
// and semctl) that take a pool's slots with SEM_UNDO, read /proc/<pid>/semundo, and one of them is killed.
// `hold ID`: takes a slot, says so, and waits to be killed. Without arguments: the director, which
// prints lines for the demo to relay, says "ready PID" and waits for a line on stdin before the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GETNCNT, GETPID, GETVAL, IPC_PRIVATE, IPC_RMID, SEM_UNDO, SETVAL } from '../abi/index.js';
import { semctl } from '../host/semctl.js';
import { semget, semop } from '../host/sem-syscalls.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const value = (id: number): number => semctl(id, 0, GETVAL).ret;

function check(what: string, r: number): number {
  if (r < 0) throw new Error(`${what} failed with errno ${-r}`);
  return r;
}

function hold(id: number): void {
  check('semop', semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]));
  say('holding');
  setInterval(() => {}, 1 << 30);
}

/** A child holding a slot, once it says it holds it. */
function holder(id: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'hold', String(id)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before it held a slot`)));
  });
}

async function direct(): Promise<void> {
  const id = check('semget', semget(IPC_PRIVATE, 1, 0o600));
  check('SETVAL', semctl(id, 0, SETVAL, 2).ret);
  say(`pid ${process.pid} makes set ${id}: a pool of 2 slots (value ${value(id)})`);
  const ca = await holder(id);
  const cb = await holder(id);
  const [a, b] = [ca.pid!, cb.pid!];
  say(`pids ${a} and ${b} each take a slot with semop(-1, SEM_UNDO): value ${value(id)}`);
  say(`cat /proc/${a}/semundo — what pid ${a}'s exit will give back (semid nsems semadj...):`);
  for (const l of readFileSync(`/proc/${a}/semundo`, 'utf8').trimEnd().split('\n')) say(`  ${l}`);
  say('/proc/sysvipc/sem, as ipcs reads it:');
  for (const l of readFileSync('/proc/sysvipc/sem', 'utf8').trimEnd().split('\n')) say(`  ${l.trimEnd()}`);
  say(`ready ${a}`);
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once('line', () => resolve()),
  );
  const gone = once(ca, 'exit');
  ca.kill('SIGKILL');
  await gone;
  say(
    `pid ${a} is SIGKILLed while it holds its slot: value ${value(id)}, GETPID ${semctl(id, 0, GETPID).ret}`,
  );
  say(
    `  its undo list was applied at its exit: the slot is back, with nobody asleep (GETNCNT ${semctl(id, 0, GETNCNT).ret})`,
  );
  cb.kill('SIGTERM');
  check('IPC_RMID', semctl(id, 0, IPC_RMID).ret);
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'hold') hold(Number(arg));
else await direct();
