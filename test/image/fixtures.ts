// A hand-made image body that uses every part of the format, and helpers to refuse variants of it.
import assert from 'node:assert/strict';
import { SEM_UNDO } from '../../src/abi/index.js';
import { canonicalJson } from '../../src/image/canonical-json.js';
import { bodyChecksum } from '../../src/image/checksum.js';
import { decodeImage } from '../../src/image/decode.js';
import { encodeImage } from '../../src/image/encode.js';
import { ImageError } from '../../src/image/image-error.js';
import type { CredImage, ImageBody } from '../../src/image/image-types.js';

export const PRODUCER = 'semundo test';

const ROOT_CAPS = [6, 7, 15, 19, 21, 40];

function cred(uid: number, caps: number[] = []): CredImage {
  return {
    uid,
    gid: uid,
    euid: uid,
    egid: uid,
    suid: uid,
    sgid: uid,
    fsuid: uid,
    fsgid: uid,
    groups: uid === 0 ? [] : [uid, 27],
    capEff: [...caps],
    capPrm: [...caps],
  };
}

const sem = (val: number, pid = 0, otime = 0) => ({ val, pid, otime });
const noQueues = () => ({ alter: [], const: [], sems: [] });

/**
 * Two namespaces. In the first: set 32769 (index 1) with a complex caller (tid 11) asleep, so the single
 * altering caller (tid 10) sleeps on the set-wide alter queue too, and a wait-for-zero caller (tid 12)
 * on semaphore 2's const queue; set 3 with a single altering caller (tid 13) on semaphore 0's alter
 * queue. Undo list 0 is shared by tids 10 and 11; tid 14, in a stopped process of the second
 * namespace, holds list 1 and an EINTR held for SIGCONT.
 */
export function validBody(): ImageBody {
  return {
    source: 'model',
    lastPid: 20,
    namespaces: [
      {
        inum: 4026531839,
        limits: { semmsl: 32000, semmns: 1024000000, semopm: 500, semmni: 32000 },
        semNextId: -1,
        ids: { seq: 1, lastIdx: 3, cursor: 4 },
        sets: [
          {
            id: 0,
            key: 0,
            uid: 1000,
            gid: 1000,
            cuid: 1000,
            cgid: 1000,
            mode: 0o600,
            ctime: 1800000000,
            sems: [sem(1, 10, 1800000001), sem(0)],
            queues: noQueues(),
          },
          {
            id: 32769,
            key: 1234,
            uid: 1000,
            gid: 100,
            cuid: 0,
            cgid: 0,
            mode: 0o660,
            ctime: 1800000002,
            sems: [sem(0, 10, 1800000003), sem(0), sem(3, 12, 1800000004)],
            queues: { alter: [11, 10], const: [], sems: [{ num: 2, alter: [], const: [12] }] },
          },
          {
            id: 3,
            key: -77,
            uid: 4294967294,
            gid: 0,
            cuid: 0,
            cgid: 0,
            mode: 0o777,
            ctime: 0,
            sems: [sem(0)],
            queues: { alter: [], const: [], sems: [{ num: 0, alter: [13], const: [] }] },
          },
        ],
      },
      {
        inum: 4026532000,
        limits: { semmsl: -1, semmns: 0, semopm: 2147483647, semmni: 0 },
        semNextId: 98309,
        ids: { seq: 0, lastIdx: -1, cursor: 0 },
        sets: [
          {
            id: 0,
            key: 1234,
            uid: 0,
            gid: 0,
            cuid: 0,
            cgid: 0,
            mode: 0,
            ctime: 1800000005,
            sems: [sem(32767), sem(5, 14, 1800000006)],
            queues: noQueues(),
          },
        ],
      },
    ],
    undoLists: [
      {
        entries: [
          { semid: 32769, semadj: [1, 0, -1] },
          { semid: 0, semadj: [-32768, 32767] },
        ],
      },
      { entries: [{ semid: 0, semadj: [0, -5] }] },
    ],
    processes: [
      {
        pid: 1,
        stopped: false,
        dispositions: [],
        threads: [{ tid: 1, cred: cred(0, ROOT_CAPS), ns: 0, undoList: null, call: null }],
      },
      {
        pid: 10,
        stopped: false,
        dispositions: [],
        threads: [
          {
            tid: 10,
            cred: cred(1000),
            ns: 0,
            undoList: 0,
            call: {
              state: 'sleeping',
              semid: 32769,
              sops: [{ sem_num: 1, sem_op: -1, sem_flg: 0 }],
              blocking: 0,
              undo: false,
              remainingNs: null,
            },
          },
          {
            tid: 11,
            cred: cred(1000),
            ns: 0,
            undoList: 0,
            call: {
              state: 'sleeping',
              semid: 32769,
              sops: [
                { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO },
                { sem_num: 1, sem_op: 0, sem_flg: 0 },
              ],
              blocking: 0,
              undo: true,
              remainingNs: '0',
            },
          },
        ],
      },
      {
        pid: 12,
        stopped: false,
        dispositions: [
          { sig: 10, action: 'catch' },
          { sig: 15, action: 'ignore' },
        ],
        threads: [
          {
            tid: 12,
            cred: cred(1000),
            ns: 0,
            undoList: null,
            call: {
              state: 'sleeping',
              semid: 32769,
              sops: [{ sem_num: 2, sem_op: 0, sem_flg: 0 }],
              blocking: 0,
              undo: false,
              remainingNs: '1500000000',
            },
          },
        ],
      },
      {
        pid: 13,
        stopped: false,
        dispositions: [],
        threads: [
          {
            tid: 13,
            cred: cred(2000),
            ns: 0,
            undoList: null,
            call: {
              state: 'sleeping',
              semid: 3,
              sops: [{ sem_num: 0, sem_op: -2, sem_flg: 0 }],
              blocking: 0,
              undo: false,
              remainingNs: null,
            },
          },
        ],
      },
      {
        pid: 14,
        stopped: true,
        dispositions: [{ sig: 2, action: 'ignore' }],
        threads: [
          { tid: 14, cred: cred(0, ROOT_CAPS), ns: 1, undoList: 1, call: { state: 'held', status: -4 } },
          { tid: 16, cred: cred(0, ROOT_CAPS), ns: 1, undoList: 1, call: null },
        ],
      },
    ],
  };
}

/** The text of validBody() changed by `change` (checksum recomputed, canonical encoding). */
export function textWith(change: (b: ImageBody) => void): string {
  const b = validBody();
  change(b);
  return encodeImage(b, PRODUCER);
}

/** Asserts that decoding `text` throws an ImageError with this path and message. */
export function assertRefused(text: string, path: string, message: string | RegExp): void {
  assert.throws(
    () => decodeImage(text),
    (e: unknown) => {
      assert.ok(e instanceof ImageError, `not an ImageError: ${String(e)}`);
      assert.equal(e.path, path, e.message);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

/** The image as a JSON value, changed by `change`, encoded canonically (the checksum is left as it was). */
export function rawWith(change: (img: Record<string, unknown>) => void, recheck = true): string {
  const img = JSON.parse(encodeImage(validBody(), PRODUCER)) as Record<string, unknown>;
  change(img);
  return rawText(img, recheck);
}

/** canonicalJson of an image value and "\n"; with `recheck`, its checksum first made to fit its body. */
export function rawText(img: Record<string, unknown>, recheck = true): string {
  if (recheck && img.body !== undefined) img.checksum = bodyChecksum(img.body);
  return `${canonicalJson(img)}\n`;
}
