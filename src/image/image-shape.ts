// The shape of an image file, format version 1 (docs/image-format.schema.json states the same rules).
import { IPCMNI, IPCMNI_SEQ_MAX, SEMADJ_MAX, SEMADJ_MIN, SEMVMX } from '../abi/index.js';
import { show } from './image-error.js';
import { IMAGE_MAGIC, IMAGE_VERSION } from './image-types.js';
import type { Field, ObjectShape, Shape } from './shape.js';

const int = (min: number, max: number): Shape => ({ kind: 'int', min, max });
const obj = (...fields: Field[]): ObjectShape => ({ kind: 'object', fields });
const arr = (items: Shape, minItems = 0): Shape => ({ kind: 'array', items, minItems });
const nullable = (of: Shape): Shape => ({ kind: 'nullable', of });
const oneOf = (...values: string[]): Shape => ({ kind: 'enum', values });
const BOOL: Shape = { kind: 'bool' };

const INT_MAX = 0x7fffffff;
const INT32 = int(-INT_MAX - 1, INT_MAX);
/** uid_t, gid_t, and the inode number naming a namespace. */
const UINT32 = int(0, 0xffffffff);
/** A pid or tid. */
const PID = int(1, INT_MAX);
/** sempid: a pid, or 0 for none. */
const SEMPID = int(0, INT_MAX);
/** Seconds since the epoch. */
const TIME = int(0, Number.MAX_SAFE_INTEGER);
/** An index into an array of the image (checked against the array's length later). */
const INDEX = int(0, Number.MAX_SAFE_INTEGER);
const SEMID = int(0, INT_MAX);
const TIDS = arr(PID);

/** MAX_ERRNO of include/linux/err.h. */
export const MAX_ERRNO = 4095;
/** CAP_LAST_CAP of include/uapi/linux/capability.h (CAP_CHECKPOINT_RESTORE). */
export const CAP_LAST_CAP = 40;
/** The longest argument a session process map keeps (longer ones are cut). */
export const MAX_ARG = 4096;
/** _NSIG of the x86_64 ABI. */
export const NSIG = 64;

const SEM = obj(['val', int(0, SEMVMX)], ['pid', SEMPID], ['otime', TIME]);

const QUEUES = obj(
  ['alter', TIDS],
  ['const', TIDS],
  ['sems', arr(obj(['num', int(0, 0xffff)], ['alter', TIDS], ['const', TIDS]))],
);

const SET = obj(
  ['id', SEMID],
  ['key', INT32],
  ['uid', UINT32],
  ['gid', UINT32],
  ['cuid', UINT32],
  ['cgid', UINT32],
  ['mode', int(0, 0o777)],
  ['ctime', TIME],
  ['sems', arr(SEM, 1)],
  ['queues', QUEUES],
);

const NAMESPACE = obj(
  ['inum', UINT32],
  ['limits', obj(['semmsl', INT32], ['semmns', INT32], ['semopm', INT32], ['semmni', INT32])],
  ['semNextId', int(-1, INT_MAX)],
  [
    'ids',
    obj(['seq', int(0, IPCMNI_SEQ_MAX - 1)], ['lastIdx', int(-1, IPCMNI - 1)], ['cursor', int(0, IPCMNI)]),
  ],
  ['sets', arr(SET)],
);

const UNDO_LIST = obj([
  'entries',
  arr(obj(['semid', SEMID], ['semadj', arr(int(SEMADJ_MIN, SEMADJ_MAX), 1)])),
]);

const CAPS = arr(int(0, CAP_LAST_CAP));

const CRED = obj(
  ['uid', UINT32],
  ['gid', UINT32],
  ['euid', UINT32],
  ['egid', UINT32],
  ['suid', UINT32],
  ['sgid', UINT32],
  ['fsuid', UINT32],
  ['fsgid', UINT32],
  ['groups', arr(UINT32)],
  ['capEff', CAPS],
  ['capPrm', CAPS],
);

const SOP = obj(
  ['sem_num', int(0, 0xffff)],
  ['sem_op', int(-0x8000, 0x7fff)],
  ['sem_flg', int(-0x8000, 0xffff)],
);

const SLEEPING = obj(
  ['state', oneOf('sleeping')],
  ['semid', SEMID],
  ['sops', arr(SOP, 1)],
  ['blocking', INDEX],
  ['undo', BOOL],
  [
    'remainingNs',
    nullable({
      kind: 'string',
      pattern: /^(0|[1-9][0-9]*)$/,
      what: 'a decimal number without leading zeros',
    }),
  ],
);

const HELD = obj(['state', oneOf('held')], ['status', int(-MAX_ERRNO, -1)]);

const THREAD = obj(
  ['tid', PID],
  ['cred', CRED],
  ['ns', INDEX],
  ['undoList', nullable(INDEX)],
  ['call', nullable({ kind: 'tagged', tag: 'state', branches: { sleeping: SLEEPING, held: HELD } })],
);

const PROCESS = obj(
  ['pid', PID],
  ['stopped', BOOL],
  ['dispositions', arr(obj(['sig', int(1, NSIG)], ['action', oneOf('catch', 'ignore')]))],
  ['threads', arr(THREAD, 1)],
);

/** Text of at most `max` characters (code points). */
const text = (max: number): Shape => ({
  kind: 'string',
  pattern: new RegExp(`^[\\s\\S]{0,${max}}$`, 'u'),
  what: `at most ${max} characters`,
});

/** What a restorer needs to tell the processes of a live session apart (one per saved process). */
const SESSION_PROCESS = obj(
  ['pid', PID],
  ['ppid', int(0, INT_MAX)],
  ['comm', text(64)],
  ['cmdline', arr(text(MAX_ARG))],
  [
    'startTime',
    { kind: 'string', pattern: /^(0|[1-9][0-9]*)$/, what: 'a decimal number without leading zeros' },
  ],
);

const SESSION = obj(['takenAt', TIME], ['command', arr(text(MAX_ARG))], ['processes', arr(SESSION_PROCESS)]);

export const BODY_SHAPE = obj(
  ['source', oneOf('model', 'host')],
  ['lastPid', int(0, INT_MAX)],
  ['namespaces', arr(NAMESPACE, 1)],
  ['undoLists', arr(UNDO_LIST)],
  ['processes', arr(PROCESS)],
  ['session', SESSION, 'optional'],
);

export const IMAGE_SHAPE = obj(
  [
    'magic',
    {
      kind: 'const',
      value: IMAGE_MAGIC,
      refuse: (v) => `not a semundo image (the magic is ${show(v)}, not ${JSON.stringify(IMAGE_MAGIC)})`,
    },
  ],
  [
    'version',
    {
      kind: 'const',
      value: IMAGE_VERSION,
      refuse: (v) => `unsupported format version ${show(v)} (this decoder reads version ${IMAGE_VERSION})`,
    },
  ],
  ['producer', { kind: 'string', pattern: /^[ -~]{1,200}$/, what: '1 to 200 printable ASCII characters' }],
  [
    'checksum',
    { kind: 'string', pattern: /^sha256:[0-9a-f]{64}$/, what: '"sha256:" and 64 lowercase hex digits' },
  ],
  ['body', BODY_SHAPE],
);
