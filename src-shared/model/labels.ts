// Labels: named pointers to versions of a prompt (`production`, `staging`, custom names).

/** Labels every library knows; only `production` is protected on a team library. */
export const BUILT_IN_LABELS = ['production', 'staging'] as const;

/** Label names (SPEC): a lower-case letter, then up to 31 lower-case letters, digits, `_`, `-`. */
export const LABEL_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';

/** One set label of a prompt. */
export interface LabelEntry {
  label: string;
  version: string;
  updated_at: string;
  updated_by: string;
}

/** Labels of several prompts: prompt id → label → version; prompts without labels are absent. */
export type LabelsByPrompt = Record<string, Record<string, string>>;

/** True when `label` is a valid label name (see LABEL_PATTERN). */
export function isLabelName(label: string): boolean {
  return new RegExp(LABEL_PATTERN).test(label);
}
