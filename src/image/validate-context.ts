// What the consistency checks of a decoded image share: its sets by id and its threads by tid.
import type { ImageBody, ProcessImage, SetImage, ThreadImage } from './image-types.js';

export interface SetRef {
  set: SetImage;
  /** Index of the namespace and of the set in it. */
  n: number;
  s: number;
}

export interface ThreadRef {
  process: ProcessImage;
  thread: ThreadImage;
  /** Index of the process and of the thread in it. */
  p: number;
  t: number;
}

export interface Context {
  body: ImageBody;
  /** Per namespace: its sets by id. */
  sets: Map<number, SetRef>[];
  threads: Map<number, ThreadRef>;
}

export const setPath = (r: { n: number; s: number }): string => `body.namespaces[${r.n}].sets[${r.s}]`;
export const threadPath = (r: { p: number; t: number }): string => `body.processes[${r.p}].threads[${r.t}]`;
