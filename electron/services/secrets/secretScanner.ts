// Secret scanning of prompt text with secretlint's recommended rules; findings never carry the secret.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { AppError } from '../../../src-shared/errors';
import type { Prompt } from '../../../src-shared/model/prompt';
import type { SecretFinding } from '../../../src-shared/contract/dto';

export type { SecretFinding };

/** A piece of text to scan, named by where it lives. */
export interface ScanTarget {
  location: string;
  text: string;
}

// secretlint's profiler writes about 56 marks per scanned text into the process-wide performance
// timeline and keeps each one in its own list, which it searches on every mark: every scan costs
// more than the last and memory grows without end. Nothing reads those timings (they serve
// secretlint's CLI), and the profiler has no off switch, so its one entry point records nothing.
secretLintProfiler.mark = () => undefined;

const config = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }],
};

/**
 * Scans texts and returns every finding, in order. The texts go to secretlint as one document,
 * a blank line between them, and each finding is mapped back to its text's own line: one lint
 * run costs about a quarter of one run per text, which is most of an import's scanning time.
 */
export async function scanForSecrets(targets: readonly ScanTarget[]): Promise<SecretFinding[]> {
  const parts: { target: ScanTarget; firstLine: number; lastLine: number }[] = [];
  let nextLine = 1;
  for (const target of targets) {
    if (target.text.length === 0) continue;
    const lines = countLines(target.text);
    parts.push({ target, firstLine: nextLine, lastLine: nextLine + lines - 1 });
    nextLine += lines + 1;
  }
  if (parts.length === 0) return [];
  const result = await lintSource({
    source: {
      filePath: parts.length === 1 ? parts[0]!.target.location : 'prompt',
      content: parts.map((part) => part.target.text).join('\n\n'),
      contentType: 'text',
    },
    options: { config, maskSecrets: true },
  });
  const located = result.messages.map((message) => {
    const line = message.loc.start.line;
    const part = parts.find((candidate) => line <= candidate.lastLine) ?? parts.at(-1)!;
    return {
      rule: message.ruleId.replace('@secretlint/secretlint-rule-', ''),
      location: part.target.location,
      line: line - part.firstLine + 1,
      column: message.loc.start.column + 1,
      order: [line, message.loc.start.column] as const,
    };
  });
  located.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return located.map(({ order: _order, ...finding }) => finding);
}

/** Texts scanned together at most, in characters, while each batch comes back clean. */
const BATCH_CHARS = 64 * 1024;

/**
 * Scans each group of targets as `scanForSecrets` scans it alone, and returns the findings
 * per group. One lint run has a high fixed cost and almost every text is clean, so groups go
 * through secretlint in batches, and only a batch that finds something is scanned again group
 * by group: the findings are exactly those of one scan per group. A group with a secretlint
 * directive or a key block, which can act past the end of its own text, is scanned alone.
 */
export async function scanGroups(
  groups: readonly (readonly ScanTarget[])[],
): Promise<SecretFinding[][]> {
  const results: SecretFinding[][] = groups.map(() => []);
  let batch: number[] = [];
  let size = 0;
  const flush = async () => {
    const members = batch;
    batch = [];
    size = 0;
    if (members.length > 1) {
      const found = await scanForSecrets(members.flatMap((index) => groups[index] ?? []));
      if (found.length === 0) return;
    }
    for (const index of members) results[index] = await scanForSecrets(groups[index] ?? []);
  };
  for (const [index, group] of groups.entries()) {
    if (group.some((target) => REACHES_PAST_ITS_TEXT.test(target.text))) {
      results[index] = await scanForSecrets(group);
      continue;
    }
    batch.push(index);
    size += group.reduce((sum, target) => sum + target.text.length, 0);
    if (size >= BATCH_CHARS) await flush();
  }
  await flush();
  return results;
}

// secretlint-disable comments switch rules off up to the end of the document, and a private key
// block is matched from its BEGIN line to an END line that may sit in the next text.
const REACHES_PAST_ITS_TEXT = /secretlint-|-----BEGIN/i;

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** The texts of a prompt worth scanning: template or messages, local partials, metadata. */
export function promptScanTargets(prompt: Prompt, prefix = ''): ScanTarget[] {
  const targets: ScanTarget[] = [];
  if (prompt.template) {
    targets.push({ location: `${prefix}template`, text: prompt.template.content });
    for (const [name, text] of Object.entries(prompt.template.partials)) {
      targets.push({ location: `${prefix}partial ${name}`, text });
    }
  }
  prompt.chat_template?.messages.forEach((message, index) => {
    targets.push({ location: `${prefix}message ${index + 1}`, text: message.content });
  });
  targets.push({ location: `${prefix}metadata`, text: JSON.stringify(prompt.metadata) });
  return targets;
}

/** Throws when findings exist: names each rule and location, never the secret. */
export function refuseSecrets(findings: readonly SecretFinding[], override: string): void {
  if (findings.length === 0) return;
  const list = findings
    .slice(0, 5)
    .map((f) => `${f.rule} in ${f.location} at line ${f.line}, column ${f.column}`)
    .join('; ');
  const more = findings.length > 5 ? ` and ${findings.length - 5} more` : '';
  throw new AppError(
    'forbidden',
    `Possible secret found: ${list}${more}. Remove it, or ${override} to save anyway.`,
    { findings: findings.map((f) => ({ ...f })) },
  );
}
