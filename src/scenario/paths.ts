// The files a scenario may read or write: System V semaphore files only, so that a scenario (run as
// root on the host) can touch nothing else of the machine.

/** As written in the file: a `$X` reference may stand for a pid or tid. */
const WRITTEN =
  /^\/proc\/(sysvipc\/sem|sys\/kernel\/sem|sys\/kernel\/sem_next_id|(self|thread-self|\d+|\$[A-Za-z_]\w*)\/(task\/(\d+|\$[A-Za-z_]\w*(\.tid)?)\/)?semundo)$/;

/** Once references are resolved. */
const RESOLVED =
  /^\/proc\/(sysvipc\/sem|sys\/kernel\/sem|sys\/kernel\/sem_next_id|(self|thread-self|\d+)\/(task\/\d+\/)?semundo)$/;

/** /proc/<pid>/semundo and /proc/<pid>/task/<tid>/semundo exist only in the model. */
const MODEL_ONLY = /\/semundo$/;

export const ALLOWED_PATHS =
  '/proc/sysvipc/sem, /proc/sys/kernel/sem, /proc/sys/kernel/sem_next_id, /proc/<pid>/semundo, /proc/<pid>/task/<tid>/semundo';

export function isAllowedWrittenPath(path: string): boolean {
  return WRITTEN.test(path);
}

export function isAllowedPath(path: string): boolean {
  return RESOLVED.test(path);
}

export function isModelOnlyPath(path: string): boolean {
  return MODEL_ONLY.test(path);
}
