// A unified diff of two prompt versions: the template first, then the settings.
import { createTwoFilesPatch } from 'diff';
import type { Prompt } from '../model/prompt';
import { promptToDiffText } from './diffText';

/** Unified diff (jsdiff) between two prompt versions, headed `<id>@<version>`. */
export function unifiedDiff(from: Prompt, to: Prompt): string {
  const left = promptToDiffText(from);
  const right = promptToDiffText(to);
  const oldName = `${from.id}@${from.version}`;
  const newName = `${to.id}@${to.version}`;
  const part = (label: string, a: string, b: string): string =>
    createTwoFilesPatch(oldName, newName, withFinalNewline(a), withFinalNewline(b), label, label);
  return (
    part('template', left.template, right.template) +
    part('settings', left.settings, right.settings)
  );
}

/** Avoids "\ No newline at end of file" noise: both sides always end with one. */
function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
