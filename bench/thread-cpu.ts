// The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): the work of a synchronous stretch of
// JavaScript without the time other processes on a busy machine take from it.
import koffi, { type LibraryHandle } from 'koffi';

const CLOCK_THREAD_CPUTIME_ID = 3;

interface Timespec {
  tv_sec: number | bigint;
  tv_nsec: number | bigint;
}

let clockGettime: ReturnType<LibraryHandle['func']> | null | undefined;

function bind(): ReturnType<LibraryHandle['func']> | null {
  if (clockGettime !== undefined) return clockGettime;
  try {
    const libc = koffi.load('libc.so.6');
    koffi.struct('bench_timespec', { tv_sec: 'int64', tv_nsec: 'int64' });
    clockGettime = libc.func('int clock_gettime(int clk, _Out_ bench_timespec *tp)');
  } catch {
    clockGettime = null;
  }
  return clockGettime;
}

/** CPU time of this thread in nanoseconds, or null where libc cannot be reached through koffi. */
export function threadCpuNs(): number | null {
  const f = bind();
  if (!f) return null;
  const ts: Timespec = { tv_sec: 0, tv_nsec: 0 };
  if (f(CLOCK_THREAD_CPUTIME_ID, ts) !== 0) return null;
  return Number(ts.tv_sec) * 1e9 + Number(ts.tv_nsec);
}
