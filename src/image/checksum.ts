// The checksum of an image: SHA-256 of the canonical encoding of its body.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';

export const CHECKSUM_PREFIX = 'sha256:';

/** "sha256:" and the lowercase hex SHA-256 of a canonical JSON text. */
export function textChecksum(canonicalText: string): string {
  return CHECKSUM_PREFIX + bytesToHex(sha256(utf8ToBytes(canonicalText)));
}

/** "sha256:" and the lowercase hex SHA-256 of canonicalJson(body). */
export function bodyChecksum(body: unknown): string {
  return textChecksum(canonicalJson(body));
}
