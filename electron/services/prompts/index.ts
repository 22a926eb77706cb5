// Prompts: the registry service plus the low-level history writes the importer reuses.
export { PromptService, type SaveRequest, type PromptServiceDeps } from './promptService';
export {
  insertVersion,
  setCurrent,
  removePrompt,
  readCurrent,
  readVersion,
  contentChecksum,
  templateText,
  type VersionInsert,
  type CurrentRow,
} from './versionStore';
export { toFtsQuery } from './searchQuery';
export { MAX_DRAFT_BYTES } from './draftStore';
