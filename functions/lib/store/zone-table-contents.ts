import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DestinationZone, RoamingZone } from '../../../domain/rating/zone-table.js';

/**
 * The entries of one zone table version as stored (docs/rating.md, "Storage"): JSON,
 * gzip-compressed, cut into parts that each fit a DynamoDB item. A DynamoDB item holds at most
 * 400 KB; a 20,000-prefix version is about 600 KB of JSON, and 50,000 prefixes of random digits
 * still compress to a few hundred KB, so one item per version is not always enough.
 *
 * The parts are named by the SHA-256 of the compressed bytes: writing the same contents twice
 * writes the same items (a retried request, two versions with the same entries), and a name
 * never stands for two different byte strings, even from two zlib versions.
 */
export interface ZoneTableVersionContents {
  destinationZones: DestinationZone[];
  roamingZones: RoamingZone[];
}

/** Where a version's entries are: the digest of the compressed bytes and the number of parts they were cut into. */
export interface ContentsRef {
  digest: string;
  parts: number;
}

/** Bytes per part: under the 400 KB item limit with room for the keys and attribute names. */
export const contentsPartBytes = 350_000;

export interface EncodedContents {
  ref: ContentsRef;
  parts: Buffer[];
}

export function encodeContents(contents: ZoneTableVersionContents): EncodedContents {
  const compressed = gzipSync(JSON.stringify({ destinationZones: contents.destinationZones, roamingZones: contents.roamingZones }));
  const parts: Buffer[] = [];
  for (let start = 0; start < compressed.length; start += contentsPartBytes) parts.push(compressed.subarray(start, start + contentsPartBytes));
  return { ref: { digest: createHash('sha256').update(compressed).digest('hex'), parts: parts.length }, parts };
}

/** The entries from their parts, in order; a part that does not add up to the digest is an error, never a wrong table. */
export function decodeContents(ref: ContentsRef, parts: readonly Uint8Array[]): ZoneTableVersionContents {
  const compressed = Buffer.concat(parts);
  const digest = createHash('sha256').update(compressed).digest('hex');
  if (parts.length !== ref.parts || digest !== ref.digest) throw new Error(`zone table contents ${ref.digest} do not match their parts (${parts.length} of ${ref.parts}, digest ${digest})`);
  return JSON.parse(gunzipSync(compressed).toString('utf8')) as ZoneTableVersionContents;
}
