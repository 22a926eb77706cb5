// Edits a YAML text through the `yaml` library's document API while keeping the person's text:
// comments, key order, quoting, spacing and omitted defaults outside the edit stay as written.
import { diff3Merge, diffIndices } from 'node-diff3';
import { parseDocument } from 'yaml';
import type { ToStringOptions, Document } from 'yaml';
import { AppError } from '../errors';

/**
 * How the edited document is printed before its changes are carried into the original text:
 * as close to hand-written YAML as the library allows, so few untouched lines differ.
 */
function printOptions(text: string): ToStringOptions {
  return { flowCollectionPadding: false, lineWidth: 0, indentSeq: indentsSequences(text) };
}

/** False when the text writes a block list at its parent key's indentation (`key:\n- item`). */
function indentsSequences(text: string): boolean {
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- /m.exec(
    text,
  );
  return !match || (match[2] ?? '').length > (match[1] ?? '').length;
}

/**
 * Where the edit (`o` → `b`) meets lines the person wrote differently from the printer (`o` →
 * `a`): the edited lines come from `b`, the others keep the person's text when the two differ
 * line for line; otherwise the edit's lines are taken whole.
 */
function settle(a: string[], o: string[], b: string[]): string[] {
  if (a.length !== o.length) return b;
  const out: string[] = [];
  let at = 0;
  for (const hunk of diffIndices(o, b) as { buffer1: number[]; buffer2: number[] }[]) {
    const [oStart = 0, oLength = 0] = hunk.buffer1;
    const [bStart = 0, bLength = 0] = hunk.buffer2;
    out.push(...a.slice(at, oStart), ...b.slice(bStart, bStart + bLength));
    at = oStart + oLength;
  }
  out.push(...a.slice(at));
  return out;
}

function lines(text: string): string[] {
  return text.split('\n');
}

/**
 * Applies `edit` to the parsed document and returns the new text. The edit is made with the
 * document API (`setIn`, `deleteIn`, node changes); the lines it changes are then merged into
 * the original text with diff3 (original, printed-before, printed-after), so every line the edit
 * did not touch keeps its bytes. Should the merge ever read back as different data, the printed
 * document is returned instead (correct data first, formatting second).
 * Throws AppError('invalid_input') when the text is not valid YAML.
 */
export function editYaml(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new AppError('invalid_input', `The YAML cannot be edited: ${doc.errors[0]?.message}`);
  }
  const options = printOptions(text);
  const before = doc.toString(options);
  edit(doc);
  const after = doc.toString(options);
  if (after === before) return text;
  if (before === text) return after;
  const merged: string[] = [];
  for (const block of diff3Merge(lines(text), lines(before), lines(after))) {
    if (block.ok) merged.push(...block.ok);
    else if (block.conflict) {
      const { a, o, b } = block.conflict as { a: string[]; o: string[]; b: string[] };
      merged.push(...settle(a, o, b));
    }
  }
  const result = merged.join('\n');
  // Same data in the same key order, or the printed document.
  const reread = parseDocument(result);
  const same =
    reread.errors.length === 0 && JSON.stringify(reread.toJS()) === JSON.stringify(doc.toJS());
  return same ? result : after;
}
