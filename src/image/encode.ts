// Encoding an image: the header and the body as one canonical JSON text.
import { canonicalJson } from './canonical-json.js';
import { textChecksum } from './checksum.js';
import { IMAGE_MAGIC, IMAGE_VERSION, type ImageBody } from './image-types.js';

/**
 * The text of an image whose body is already encoded: canonicalJson of the whole image and "\n".
 * Written out by hand so the body's text is not made twice; the keys are in canonical (sorted) order.
 */
export function imageText(bodyJson: string, checksum: string, producer: string): string {
  return (
    `{"body":${bodyJson},"checksum":${JSON.stringify(checksum)},` +
    `"magic":${JSON.stringify(IMAGE_MAGIC)},"producer":${JSON.stringify(producer)},` +
    `"version":${IMAGE_VERSION}}\n`
  );
}

/**
 * The image file for `body`: magic, format version, producer, the checksum of the body and the body,
 * in canonical JSON (the same body and producer always give the same bytes), ending in "\n".
 */
export function encodeImage(body: ImageBody, producer: string): string {
  if (typeof producer !== 'string') throw new TypeError('encodeImage: producer must be a string');
  const bodyJson = canonicalJson(body);
  return imageText(bodyJson, textChecksum(bodyJson), producer);
}
