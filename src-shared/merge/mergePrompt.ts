// Three-way merge of prompt documents (base, theirs, mine) for a save that met a newer version:
// per field, with diff3 on the text fields, so the other person's change survives.
import { diff3Merge } from 'node-diff3';
import type { Message, Prompt } from '../model/prompt';
import { defineOwn, isPlainRecord } from '../plainData';
import { canonicalJson } from '../version';

/** Opens a conflict block in a merged text; the person keeps, edits or deletes each side. */
export const MINE_MARKER = '<<<<<<< your changes';
/** Separates the two sides of a conflict block. */
export const SPLIT_MARKER = '=======';
/** Closes a conflict block. */
export const THEIRS_MARKER_PREFIX = '>>>>>>> ';

/** A field both sides changed in different ways. */
export interface MergeConflict {
  /** Where, as data: `template.content`, `chat_template.messages.1.content`, `metadata.temperature`. */
  path: string;
  /** `text`: the merged field holds conflict markers; `value`: the merged field holds theirs. */
  kind: 'text' | 'value';
  base: unknown;
  theirs: unknown;
  mine: unknown;
}

/** The outcome of a merge: the document to show (and save once conflicts are settled). */
export interface PromptMerge {
  merged: Prompt;
  conflicts: MergeConflict[];
}

/** Fields of free text: merged line by line, conflicts written into the text with markers. */
const TEXT_FIELDS = [
  /^template\.content$/,
  /^template\.partials\.[^.]+$/,
  /^chat_template\.messages\.\d+\.content$/,
  /^metadata\.description$/,
];

/** Lists whose order is not meaningful: merged as sets. */
const SET_FIELDS = [
  /^metadata\.tags$/,
  /^metadata\.use_cases$/,
  /^metadata\.model_recommendations$/,
  /^template\.variables$/,
  /^chat_template\.variables$/,
];

/** Fields that identify the version, not the content: the merge is saved on top of theirs. */
const IDENTITY_FIELDS = new Set(['id', 'version', 'uid', 'created_at', 'updated_at']);

/**
 * Merges `mine` (the unsaved changes, started from `base`) with `theirs` (the version saved
 * meanwhile, also started from `base`). Changes made on one side only are taken; where both
 * sides changed a field differently, a text field keeps both sides between markers, and any
 * other field keeps theirs; each such field is listed in `conflicts`.
 */
export function mergePrompt(
  base: Prompt,
  theirs: Prompt,
  mine: Prompt,
  theirsLabel = 'saved meanwhile',
): PromptMerge {
  const conflicts: MergeConflict[] = [];
  const merged = mergeValue('', base, theirs, mine, { conflicts, theirsLabel }) as Prompt;
  for (const field of IDENTITY_FIELDS)
    defineOwn(merged as never, field, theirs[field as keyof Prompt]);
  return { merged, conflicts };
}

/** True while a merged text still holds a conflict block. */
export function hasConflictMarkers(text: string): boolean {
  // Asked on every keystroke of a possibly large template: most texts have no marker at all.
  if (!text.includes(MINE_MARKER)) return false;
  const lines = text.split('\n');
  return (
    lines.includes(MINE_MARKER) &&
    lines.includes(SPLIT_MARKER) &&
    lines.some((line) => line.startsWith(THEIRS_MARKER_PREFIX))
  );
}

/** Where a conflict block sits in a text: 1-based line numbers of its three marker lines. */
export interface ConflictBlock {
  start: number;
  split: number;
  end: number;
}

/** The complete conflict blocks of a text given as lines, in order. */
export function conflictBlocks(lines: readonly string[]): ConflictBlock[] {
  const blocks: ConflictBlock[] = [];
  let start = 0;
  let split = 0;
  lines.forEach((text, index) => {
    const at = index + 1;
    if (text === MINE_MARKER) [start, split] = [at, 0];
    else if (text === SPLIT_MARKER && start > 0 && split === 0) split = at;
    else if (text.startsWith(THEIRS_MARKER_PREFIX) && start > 0 && split > 0) {
      blocks.push({ start, split, end: at });
      [start, split] = [0, 0];
    }
  });
  return blocks;
}

/** A text field of a prompt, where a merge may leave conflict markers. */
export interface PromptText {
  /** As in `MergeConflict.path`: `template.content`, `chat_template.messages.1.content`, … */
  path: string;
  text: string;
}

/** Every text of a prompt that can carry conflict markers, with its path, in reading order. */
export function promptTexts(prompt: Prompt): PromptText[] {
  const found: PromptText[] = [];
  const add = (path: string, text: string | null | undefined) => {
    if (typeof text === 'string') found.push({ path, text });
  };
  add('template.content', prompt.template?.content);
  for (const [name, source] of Object.entries(prompt.template?.partials ?? {})) {
    add(`template.partials.${name}`, source);
  }
  prompt.chat_template?.messages.forEach((message, index) => {
    add(`chat_template.messages.${index}.content`, message.content);
  });
  add('metadata.description', prompt.metadata.description);
  return found;
}

/** The paths of the texts that still hold a conflict block. */
export function conflictedTexts(prompt: Prompt): string[] {
  return promptTexts(prompt)
    .filter(({ text }) => hasConflictMarkers(text))
    .map(({ path }) => path);
}

/** The prompt with the text at `path` (one `promptTexts` names) replaced; other paths change nothing. */
export function withTextAt(prompt: Prompt, path: string, text: string): Prompt {
  const message = /^chat_template\.messages\.(\d+)\.content$/.exec(path);
  const partial = /^template\.partials\.(.+)$/.exec(path);
  if (path === 'template.content' && prompt.template) {
    return { ...prompt, template: { ...prompt.template, content: text } };
  }
  if (partial?.[1] && prompt.template && Object.hasOwn(prompt.template.partials, partial[1])) {
    const partials = { ...prompt.template.partials };
    defineOwn(partials, partial[1], text);
    return { ...prompt, template: { ...prompt.template, partials } };
  }
  if (message && prompt.chat_template) {
    const at = Number(message[1]);
    const messages = prompt.chat_template.messages.map((m, i) =>
      i === at ? { ...m, content: text } : m,
    );
    return { ...prompt, chat_template: { ...prompt.chat_template, messages } };
  }
  if (path === 'metadata.description') {
    return { ...prompt, metadata: { ...prompt.metadata, description: text } };
  }
  return prompt;
}

/** A field's name as a person reads it: "Template", "Message 2" (numbered from 1), "temperature". */
export function fieldName(path: string): string {
  if (path === 'template.content') return 'Template';
  if (path === 'metadata.description') return 'Description';
  const message = /^chat_template\.messages\.(\d+)(\.|$)/.exec(path);
  if (message) {
    const rest = path.slice(message[0].length);
    return `Message ${Number(message[1]) + 1}${rest && rest !== 'content' ? ` ${rest}` : ''}`;
  }
  const partial = /^template\.partials\.(.+)$/.exec(path);
  if (partial) return `Partial ${partial[1]}`;
  return path.replace(/^metadata\./, '').replace(/\./g, ' ');
}

interface MergeState {
  conflicts: MergeConflict[];
  theirsLabel: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const matches = (path: string, patterns: readonly RegExp[]) => patterns.some((p) => p.test(path));
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function mergeValue(
  path: string,
  base: unknown,
  theirs: unknown,
  mine: unknown,
  state: MergeState,
): unknown {
  if (same(theirs, mine)) return mine;
  if (same(base, mine)) return theirs;
  if (same(base, theirs)) return mine;
  // Both sides changed this value, differently.
  if (typeof theirs === 'string' && typeof mine === 'string' && matches(path, TEXT_FIELDS)) {
    return mergeText(path, typeof base === 'string' ? base : '', theirs, mine, state);
  }
  if (Array.isArray(theirs) && Array.isArray(mine) && matches(path, SET_FIELDS)) {
    return mergeSet(Array.isArray(base) ? base : [], theirs, mine);
  }
  if (path === 'chat_template.messages' && Array.isArray(theirs) && Array.isArray(mine)) {
    return mergeMessages(path, asMessages(base), theirs as Message[], mine as Message[], state);
  }
  if (isPlainRecord(theirs) && isPlainRecord(mine)) {
    return mergeRecord(path, isPlainRecord(base) ? base : {}, theirs, mine, state);
  }
  state.conflicts.push({ path, kind: 'value', base, theirs, mine });
  return theirs;
}

function mergeRecord(
  path: string,
  base: Record<string, unknown>,
  theirs: Record<string, unknown>,
  mine: Record<string, unknown>,
  state: MergeState,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  // Theirs' key order first (it is the saved document), then keys only mine has.
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(mine), ...Object.keys(base)])];
  for (const key of keys) {
    const inTheirs = Object.hasOwn(theirs, key);
    const inMine = Object.hasOwn(mine, key);
    const inBase = Object.hasOwn(base, key);
    const value = mergeValue(
      join(path, key),
      inBase ? base[key] : undefined,
      inTheirs ? theirs[key] : undefined,
      inMine ? mine[key] : undefined,
      state,
    );
    if (value !== undefined) defineOwn(merged, key, value);
  }
  return merged;
}

/** Set union of what either side added, minus what either side removed; theirs' order first. */
function mergeSet(base: unknown[], theirs: unknown[], mine: unknown[]): unknown[] {
  const key = (value: unknown) => canonicalJson(value);
  const baseKeys = new Set(base.map(key));
  const theirKeys = new Set(theirs.map(key));
  const mineKeys = new Set(mine.map(key));
  const removed = (k: string) => baseKeys.has(k) && (!theirKeys.has(k) || !mineKeys.has(k));
  const merged: unknown[] = [];
  const seen = new Set<string>();
  for (const value of [...theirs, ...mine]) {
    const k = key(value);
    if (seen.has(k) || removed(k)) continue;
    seen.add(k);
    merged.push(value);
  }
  return merged;
}

function asMessages(value: unknown): Message[] {
  return Array.isArray(value) ? (value as Message[]) : [];
}

/**
 * Messages merge as a sequence (diff3 over whole messages): added, removed and moved messages on
 * one side are taken; where both sides changed the same stretch, messages that line up one to
 * one with the same role merge field by field, and any other clash keeps theirs and is listed.
 */
function mergeMessages(
  path: string,
  base: Message[],
  theirs: Message[],
  mine: Message[],
  state: MergeState,
): Message[] {
  const token = (message: Message) => canonicalJson(message);
  const byToken = new Map<string, Message>();
  for (const message of [...base, ...theirs, ...mine]) byToken.set(token(message), message);
  const regions = diff3Merge(mine.map(token), base.map(token), theirs.map(token), {
    excludeFalseConflicts: true,
  });
  const merged: Message[] = [];
  for (const region of regions) {
    if (region.ok) {
      for (const t of region.ok) merged.push(byToken.get(t) as Message);
      continue;
    }
    const conflict = region.conflict;
    if (!conflict) continue;
    const their = conflict.b.map((t) => byToken.get(t) as Message);
    const my = conflict.a.map((t) => byToken.get(t) as Message);
    const old = conflict.o.map((t) => byToken.get(t) as Message);
    const pairwise =
      their.length === my.length &&
      their.every((message, index) => message.role === my[index]?.role);
    if (pairwise) {
      their.forEach((message, index) => {
        const at = join(path, merged.length);
        merged.push(
          mergeValue(at, old[index] ?? {}, message, my[index], state) as unknown as Message,
        );
      });
      continue;
    }
    state.conflicts.push({
      path: join(path, merged.length),
      kind: 'value',
      base: old,
      theirs: their,
      mine: my,
    });
    merged.push(...their);
  }
  return merged;
}

/** Splits text into lines that keep their line ends, so joining them gives the text back. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function mergeText(
  path: string,
  base: string,
  theirs: string,
  mine: string,
  state: MergeState,
): string {
  const regions = diff3Merge(lines(mine), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  });
  let merged = '';
  let conflicted = false;
  for (const region of regions) {
    if (region.ok) {
      merged += region.ok.join('');
      continue;
    }
    if (!region.conflict) continue;
    conflicted = true;
    const side = (part: string[]) => {
      const text = part.join('');
      return text === '' || text.endsWith('\n') ? text : `${text}\n`;
    };
    merged +=
      `${MINE_MARKER}\n${side(region.conflict.a)}${SPLIT_MARKER}\n` +
      `${side(region.conflict.b)}${THEIRS_MARKER_PREFIX}${state.theirsLabel}\n`;
  }
  if (conflicted) state.conflicts.push({ path, kind: 'text', base, theirs, mine });
  return merged;
}
