// The package's name and version, as images name their producer.
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../../../package.json') as { name: string; version: string };

export const PACKAGE_VERSION = pkg.version;
export const PRODUCER = `${pkg.name} ${pkg.version}`;
