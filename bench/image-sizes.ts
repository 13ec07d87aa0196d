// Image size: of the whole state, per set and per undo entry, each derived from images of machines
// that differ only in that, against the bytes the real kernel keeps for the same data.
import { Buffer } from 'node:buffer';
import { checkpoint } from '../src/index.js';
import { buildImageMachine, undoEntries, type ImageState } from './model-image.js';

/**
 * What the real kernel allocates for the same state (x86_64, SMP, no lock debugging), from the
 * structs in ipc/sem.c: struct sem is ____cacheline_aligned_in_smp, 64 bytes; struct sem_array is
 * struct kern_ipc_perm (include/linux/ipc.h, cache-line aligned: 128 bytes), sem_ctime, three
 * list_heads and three ints, with sems[] starting on the next cache line: 256 bytes before the
 * semaphores; struct sem_undo is list_proc, rcu, ulp, list_id and semid (60 bytes) followed by one
 * short of semadj per semaphore; struct sem_undo_list (one per process) is 24 bytes. Allocator
 * rounding (a set of 8 takes 768 bytes, served from kmalloc-1k) is left out.
 */
export const LINUX = {
  semBytes: 64,
  semArrayBytes: 256,
  semUndoBytes: 60,
  semadjBytes: 2,
  semUndoListBytes: 24,
};

export function linuxSetBytes(nsems: number): number {
  return LINUX.semArrayBytes + nsems * LINUX.semBytes;
}

export function linuxUndoEntryBytes(nsems: number): number {
  return LINUX.semUndoBytes + nsems * LINUX.semadjBytes;
}

/** The kernel memory of the whole state: its sets, undo entries and one sem_undo_list per process. */
export function linuxStateBytes(s: ImageState): number {
  return (
    s.sets * linuxSetBytes(s.nsems) +
    undoEntries(s) * linuxUndoEntryBytes(s.nsems) +
    s.processes * LINUX.semUndoListBytes
  );
}

export interface ImageSizes {
  /** Bytes of the image of the whole state. */
  full: number;
  /** (image of s.sets sets, no processes) − (image of no sets, no processes), per set. */
  perSet: number;
  /** (image of the state) − (the same state with half the semops made without SEM_UNDO), per entry. */
  perUndoEntry: number;
  /** How many undo entries the two machines of perUndoEntry differ by. */
  undoEntriesCompared: number;
}

const bytesOf = (s: ImageState, undoKept = s.undoPerProcess): number =>
  Buffer.byteLength(checkpoint(buildImageMachine(s, undoKept)));

/** `full` is the size of the state's image, already made by the caller. */
export function imageSizes(s: ImageState, full: number): ImageSizes {
  const noProcesses = { ...s, processes: 0 };
  const perSet = (bytesOf(noProcesses) - bytesOf({ ...noProcesses, sets: 0 })) / s.sets;
  const kept = Math.floor(s.undoPerProcess / 2);
  const undoEntriesCompared = s.processes * (s.undoPerProcess - kept);
  const perUndoEntry = (full - bytesOf(s, kept)) / undoEntriesCompared;
  return { full, perSet, perUndoEntry, undoEntriesCompared };
}
