// Pure version tools shared by services and the page: semver bumps, content identity, diffs.
export { nextVersion, compareVersions, isVersion } from './versionNumbers';
export { canonicalJson, canonicalContent } from './canonicalContent';
export { promptToDiffText, type DiffSides } from './diffText';
export { unifiedDiff } from './unifiedDiff';
