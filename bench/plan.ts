// How much work each benchmark does: the full run and the quick run.
import type { ImageState } from './model-image.js';

export interface SemopLoopSize {
  /** Rounds of (+1 on every set, then -1 on every set): 2 × sets × rounds semops per timed run. */
  rounds: { model: number; c: number; koffi: number };
}

export interface Plan {
  /** Timed runs per semop measurement (after one untimed warm-up run); the median is reported. */
  semopRuns: number;
  uncontended: SemopLoopSize;
  /** Undo lists of 10 and 1000 entries: every semop finds its entry at the far end of the list. */
  undoList: { sets: number; rounds: { model: number; c: number } }[];
  /** Our wake-up sizes: the last is ten times the one before it (the linearity check). */
  wakeupSizes: number[];
  wakeupReps: number;
  /** semtimedop sleepers (default clock and ManualClock), woken by one SETALL: the last is ten times the one before it. */
  timedWakeup: { sizes: number[]; reps: number };
  /** The real kernel's wake-up sizes (N forked processes): the last is ten times the one before it. */
  linuxWakeupSizes: number[];
  linuxWakeupReps: number;
  memory: { sets: number; nsems: number };
  slab: { sets: number; nsems: number; runs: number };
  /**
   * /proc/<pid>/semundo: an undo list of `entries` entries on sets of `nsems`, and the growth from
   * growth[0] to growth[1] entries (ten times more); `reps` timed runs of each kind, each of about
   * `batchEntries` entries' worth of work, and the real kernel's list built `linuxBuilds` times at
   * sizes up to `linuxBuildUpTo` (it costs O(N²) there: 0.6 s at 10k, 11 s at 32k).
   */
  semundo: {
    entries: number;
    growth: [number, number];
    nsems: number;
    reps: number;
    batchEntries: number;
    linuxBuilds: number;
    linuxBuildUpTo: number;
  };
  /**
   * Checkpoint and restore of `state` and of half of it (half the sets and processes): `reps` timed
   * runs of checkpoint and exact restore at each size and `syscallsReps` of the syscalls restore,
   * each after one untimed run; the real kernel's dump and recreation of the same sets `linuxReps`
   * times. The peak memory is measured once, on `state`, in a child process.
   */
  image: { state: ImageState; reps: number; syscallsReps: number; linuxReps: number };
  /** Real programs under `semundo run` (see run-suite.ts). */
  run: RunPlan;
}

export interface RunPlan {
  /** Timed runs of each contender, taking turns; the median is reported. */
  runs: number;
  /** Rounds of semop-loop on one set (two semops each) per run. */
  semopRounds: number;
  /** open()+close() of an ordinary file per run, and open()+read()+close() of a virtual file. */
  opens: number;
  virtualOpens: number;
  /** Sleepers woken by one SETALL: the second is ten times the first; runs of each. */
  wakeupSizes: [number, number];
  wakeupReps: number;
  /** Round trips of pingpong per run (two wake-ups each). */
  pingpongRounds: number;
  /** `semundo run -- true` and `node -e 0`, this many times each. */
  startupReps: number;
  /** hammer: this many processes on one set, each taking and giving back the semaphore `ops` times. */
  hammer: { procs: number; ops: number; value: number; reps: number };
  /** Processes (idle, then asleep in semop) held by one session for its memory figures. */
  crowd: number;
  /** httpd: requests per timed run, this many at once. */
  httpd: { requests: number; lanes: number };
  /** Sessions of restart-loop, and SIGKILLs of the server in each (run-restart.ts). */
  restart: { sessions: number; kills: number };
  /**
   * Live checkpoints (run-checkpoint.ts) of a session with N sets in one undo list, and of one with N
   * processes holding an undo entry each: the second size of each is ten times the first; `reps`
   * timed checkpoints of each session (after an untimed one).
   */
  checkpoint: { sets: [number, number]; processes: [number, number]; reps: number };
}

export const FULL: Plan = {
  semopRuns: 11,
  uncontended: { rounds: { model: 1_000_000, c: 500_000, koffi: 200_000 } },
  undoList: [
    { sets: 10, rounds: { model: 100_000, c: 50_000 } },
    { sets: 1000, rounds: { model: 200, c: 30 } },
  ],
  wakeupSizes: [1_000, 10_000, 100_000],
  wakeupReps: 9,
  timedWakeup: { sizes: [1_000, 10_000], reps: 3 },
  linuxWakeupSizes: [1_000, 10_000],
  linuxWakeupReps: 3,
  memory: { sets: 32_000, nsems: 250 },
  slab: { sets: 2_000, nsems: 250, runs: 3 },
  semundo: {
    entries: 10_000,
    growth: [3_200, 32_000],
    nsems: 4,
    reps: 7,
    batchEntries: 64_000,
    linuxBuilds: 1,
    linuxBuildUpTo: 32_000,
  },
  image: {
    state: { sets: 32_000, nsems: 8, processes: 10_000, undoPerProcess: 10 },
    reps: 5,
    syscallsReps: 3,
    linuxReps: 5,
  },
  run: {
    runs: 5,
    semopRounds: 50_000,
    opens: 20_000,
    virtualOpens: 2_000,
    wakeupSizes: [1_000, 10_000],
    wakeupReps: 3,
    pingpongRounds: 5_000,
    startupReps: 9,
    hammer: { procs: 1_000, ops: 20, value: 10, reps: 3 },
    crowd: 1_000,
    httpd: { requests: 3_000, lanes: 8 },
    restart: { sessions: 2, kills: 8 },
    checkpoint: { sets: [3_200, 32_000], processes: [100, 1_000], reps: 5 },
  },
};

export const QUICK: Plan = {
  semopRuns: 3,
  uncontended: { rounds: { model: 300_000, c: 150_000, koffi: 60_000 } },
  undoList: [
    { sets: 10, rounds: { model: 30_000, c: 15_000 } },
    { sets: 1000, rounds: { model: 50, c: 10 } },
  ],
  wakeupSizes: [500, 5_000, 50_000],
  wakeupReps: 7,
  timedWakeup: { sizes: [500, 5_000], reps: 3 },
  linuxWakeupSizes: [500, 5_000],
  linuxWakeupReps: 1,
  memory: { sets: 32_000, nsems: 250 },
  slab: { sets: 1_000, nsems: 250, runs: 1 },
  semundo: {
    entries: 10_000,
    growth: [3_200, 32_000],
    nsems: 4,
    reps: 3,
    batchEntries: 32_000,
    linuxBuilds: 1,
    linuxBuildUpTo: 10_000,
  },
  image: {
    state: { sets: 8_000, nsems: 8, processes: 2_500, undoPerProcess: 10 },
    reps: 3,
    syscallsReps: 2,
    linuxReps: 3,
  },
  run: {
    runs: 3,
    semopRounds: 15_000,
    opens: 5_000,
    virtualOpens: 500,
    wakeupSizes: [300, 3_000],
    wakeupReps: 1,
    pingpongRounds: 1_000,
    startupReps: 3,
    hammer: { procs: 300, ops: 10, value: 10, reps: 1 },
    crowd: 300,
    httpd: { requests: 500, lanes: 8 },
    restart: { sessions: 1, kills: 3 },
    checkpoint: { sets: [3_200, 32_000], processes: [30, 300], reps: 2 },
  },
};
