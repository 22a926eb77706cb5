// The seed folder layouts as pure functions over in-memory files (the caller walks the disk).
export { readLibrary } from './readLibrary';
export { writeLibrary } from './writeLibrary';
export type {
  ConvertedContents,
  HistoryEntry,
  ImportConflict,
  ImportedPrompt,
  ImportedVersion,
  LibraryContents,
  LibraryToWrite,
  SchemaConflict,
  SkippedFile,
  SourceFile,
  VersionToWrite,
} from './libraryTypes';
