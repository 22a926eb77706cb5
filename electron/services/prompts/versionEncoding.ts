// The stored forms of a prompt version: its row text and checksum, and its registry entry.
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

/** What the registry, tag and search indexes hold for a prompt's current version. */
export interface RegistryEntry {
  id: string;
  version: string;
  format: string;
  status: string;
  category: string | null;
  description: string | null;
  tags: string[];
  input_schema: string | null;
  output_schema: string | null;
  created_at: string;
  updated_at: string;
  /** The template text the search index holds. */
  body: string;
}

/**
 * The registry entry of a version about to become current. Pure, like encodeVersion, so an
 * import's threads send this small record rather than the whole document.
 */
export function registryEntry(document: Prompt): RegistryEntry {
  const { metadata } = document;
  return {
    id: document.id,
    version: document.version,
    format: document.format,
    status: document.status,
    category: metadata.category ?? null,
    description: metadata.description ?? null,
    tags: metadata.tags,
    input_schema: document.input_schema ?? null,
    output_schema: document.output_schema ?? null,
    created_at: document.created_at,
    updated_at: document.updated_at,
    body: templateText(document),
  };
}

/** All the text a template holds: the content, or every message of a chat. */
export function templateText(prompt: Prompt): string {
  if (prompt.chat_template) {
    return prompt.chat_template.messages.map((message) => message.content).join('\n');
  }
  return prompt.template?.content ?? '';
}
