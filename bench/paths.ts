// Where the benchmarks find their C sources, build their C programs and write their results.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs as dist/bench/paths.js). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const C_SOURCE_DIR = path.join(REPO_ROOT, 'bench', 'c');
export const C_BUILD_DIR = path.join(REPO_ROOT, 'bench', 'build');
export const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'RESULTS.md');
/** The compiled child-process entry that measures the model's memory. */
export const MEMORY_CHILD = fileURLToPath(new URL('./memory-child.js', import.meta.url));
/** The compiled child-process entry that measures the peak memory of checkpoint and restore. */
export const IMAGE_CHILD = fileURLToPath(new URL('./image-child.js', import.meta.url));
