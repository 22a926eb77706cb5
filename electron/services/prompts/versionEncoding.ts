// The stored form of a prompt version: its JSON text and the checksum of its content.
import type { Prompt } from '../../../src-shared/model/prompt';
import { canonicalContent } from '../../../src-shared/version';
import { sha256Hex } from '../store/contentHash';

/** What a version row stores besides its columns: the document as JSON, and its checksum. */
export interface EncodedVersion {
  json: string;
  checksum: string;
}

/** SHA-256 of the prompt's canonical content (sorted keys; no uid, version or timestamps). */
export function contentChecksum(prompt: Prompt): string {
  return sha256Hex(canonicalContent(prompt));
}

/**
 * The row text and checksum of a version. Pure, so an import's worker threads compute it for
 * their files and the single writing thread only inserts.
 */
export function encodeVersion(document: Prompt): EncodedVersion {
  return { json: JSON.stringify(document), checksum: contentChecksum(document) };
}
