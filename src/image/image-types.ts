// The checkpoint image, format version 1: every System V semaphore object of a machine, by name.
// docs/image-format.md describes each field; docs/image-format.schema.json is its JSON Schema.

export const IMAGE_MAGIC = 'semundo-image';
export const IMAGE_VERSION = 1;

/** The file: a header, then the body whose canonical encoding the checksum covers. */
export interface Image {
  magic: typeof IMAGE_MAGIC;
  version: typeof IMAGE_VERSION;
  /** What wrote the image, e.g. "semundo 0.1.0 model" or "semundo 0.1.0 host". */
  producer: string;
  /** "sha256:" and the hex digest of the canonical encoding of `body`. */
  checksum: string;
  body: ImageBody;
}

export interface ImageBody {
  /** model: everything below; host: a real kernel's sets only (no processes, no undo lists). */
  source: 'model' | 'host';
  /** The last pid handed out; restored pids keep their numbers and new ones follow this. */
  lastPid: number;
  /** IPC namespaces; `namespaces[0]` is the initial one. Threads refer to them by index. */
  namespaces: NamespaceImage[];
  /** Undo lists, each stored once; threads refer to them by index. */
  undoLists: UndoListImage[];
  /** Processes in pid order. */
  processes: ProcessImage[];
  /** Taken from a running session (semundo checkpoint): what tells its real processes apart. */
  session?: SessionImage;
}

/** A live session's processes as the host saw them when the image was taken. */
export interface SessionImage {
  /** When the image was taken, seconds since the epoch. */
  takenAt: number;
  /** The session's command (what semundo run ran). */
  command: string[];
  /** One per saved process, in the same order as `processes`. */
  processes: SessionProcessImage[];
}

/** A process as /proc/<pid>/stat and /proc/<pid>/cmdline showed it (empty when it was already gone). */
export interface SessionProcessImage {
  pid: number;
  /** The parent's pid (0: unknown). */
  ppid: number;
  /** /proc/<pid>/comm. */
  comm: string;
  /** /proc/<pid>/cmdline, one string per argument (each cut to 4096 characters). */
  cmdline: string[];
  /** When the process started, in clock ticks after boot (field 22 of /proc/<pid>/stat), in decimal. */
  startTime: string;
}

/** struct ipc_namespace, its semaphore part. */
export interface NamespaceImage {
  /** The number naming it (the inode of /proc/<pid>/ns/ipc). */
  inum: number;
  /** sem_ctls: SEMMSL SEMMNS SEMOPM SEMMNI, as /proc/sys/kernel/sem holds them (any int). */
  limits: { semmsl: number; semmns: number; semopm: number; semmni: number };
  /** /proc/sys/kernel/sem_next_id (-1: none). */
  semNextId: number;
  /** struct ipc_ids allocator state: sequence counter, last index allocated, the IDR's cyclic cursor. */
  ids: { seq: number; lastIdx: number; cursor: number };
  /** Sets in index order. */
  sets: SetImage[];
}

/** struct sem_array. */
export interface SetImage {
  id: number;
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits, 0..0o777. */
  mode: number;
  /** sem_ctime, seconds. */
  ctime: number;
  sems: SemImage[];
  /** The sleepers, by tid, in the order of each queue they are on. */
  queues: QueuesImage;
}

/** struct sem. */
export interface SemImage {
  val: number;
  /** sempid: the pid of the last operation (0: none). */
  pid: number;
  /** sem_otime of this semaphore, seconds. */
  otime: number;
}

/** pending_alter / pending_const of the set, and of each semaphore that has sleepers. */
export interface QueuesImage {
  alter: number[];
  const: number[];
  /** Per-semaphore queues, only for semaphores with a sleeper, by semaphore number. */
  sems: { num: number; alter: number[]; const: number[] }[];
}

/** struct sem_undo_list: entries in list order (most recently used first). */
export interface UndoListImage {
  entries: { semid: number; semadj: number[] }[];
}

/** A signal disposition other than the default. */
export interface DispositionImage {
  sig: number;
  action: 'catch' | 'ignore';
}

export interface ProcessImage {
  pid: number;
  stopped: boolean;
  /** Signals whose disposition is not the default, by number. */
  dispositions: DispositionImage[];
  /** Live threads in creation order; the main thread (tid = pid) first while it lives. */
  threads: ThreadImage[];
}

export interface CredImage {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  groups: number[];
  /** Effective and permitted capabilities, by number, ascending. */
  capEff: number[];
  capPrm: number[];
}

export interface ThreadImage {
  tid: number;
  cred: CredImage;
  /** Index into namespaces. */
  ns: number;
  /** Index into undoLists, or null. */
  undoList: number | null;
  /** A semop/semtimedop asleep, or a result held while the process is stopped; null: neither. */
  call: CallImage | null;
}

export type CallImage = SleepingCallImage | HeldCallImage;

/** struct sem_queue: a call asleep on set `semid`, on the queues its set lists. */
export interface SleepingCallImage {
  state: 'sleeping';
  semid: number;
  sops: { sem_num: number; sem_op: number; sem_flg: number }[];
  /** The index of the sop that blocked at the last evaluation. */
  blocking: number;
  /** Whether the call holds an undo entry (it used SEM_UNDO). */
  undo: boolean;
  /** Nanoseconds left before a semtimedop times out, as a decimal string; null: no timeout. */
  remainingNs: string | null;
}

/** A call that has ended (EINTR) while its process was stopped; it returns at SIGCONT. */
export interface HeldCallImage {
  state: 'held';
  /** The negative errno it returns. */
  status: number;
}
