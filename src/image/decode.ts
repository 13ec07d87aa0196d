// Decoding an image: images are untrusted input, so everything is checked, and the first problem is
// reported as an ImageError naming its field. Decoding is pure: it creates nothing.
import { canonicalJson } from './canonical-json.js';
import { textChecksum } from './checksum.js';
import { imageText } from './encode.js';
import { fail } from './image-error.js';
import { IMAGE_SHAPE } from './image-shape.js';
import type { Image } from './image-types.js';
import { check } from './shape.js';
import { checkConsistency } from './validate-body.js';

/**
 * The shape stage alone: magic, version, producer, checksum format, then the body's types, ranges,
 * required and unknown fields (what docs/image-format.schema.json says).
 */
export function checkImageShape(value: unknown): asserts value is Image {
  check(value, IMAGE_SHAPE, null);
}

function validate(value: unknown): { image: Image; bodyJson: string } {
  checkImageShape(value);
  const bodyJson = canonicalJson(value.body);
  const actual = textChecksum(bodyJson);
  if (actual !== value.checksum) fail('checksum', `does not match the body (${actual})`);
  checkConsistency(value.body);
  return { image: value, bodyJson };
}

/**
 * An image held as a JSON value (already parsed): shape, checksum and consistency checked as
 * decodeImage does, without the requirement that it came as canonical text. Returns the same value.
 */
export function validateImage(value: unknown): Image {
  return validate(value).image;
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

/**
 * The image that `text` holds. Throws an ImageError for anything a real image cannot be, checked in
 * this order: JSON syntax; magic, version, producer, checksum format; the body's shape and ranges
 * (unknown fields included); the checksum; the consistency of the body; and last, that the text is
 * exactly the canonical encoding of what it holds (so one image has one text).
 */
export function decodeImage(text: string): Image {
  if (typeof text !== 'string') fail('', `must be text, got a ${typeof text}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail('', `not JSON (${(e as Error).message})`);
  }
  const { image, bodyJson } = validate(value);
  const canonical = imageText(bodyJson, image.checksum, image.producer);
  if (text !== canonical)
    fail(
      '',
      `not in canonical form (it differs from the canonical encoding at character ${firstDifference(text, canonical)})`,
    );
  return image;
}
