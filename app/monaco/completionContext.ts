// Where the cursor is in Handlebars terms, from the text before it (no Monaco, testable).

/** What kind of name fits at the cursor. */
export type CompletionSite =
  | { kind: 'partial' }
  | { kind: 'block' }
  | { kind: 'close'; open: string | null }
  | { kind: 'expression' }
  | { kind: 'text' };

/** Finds the innermost unclosed `{{` before the cursor and what follows it. */
export function completionSite(before: string): CompletionSite {
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0) return { kind: 'text' };
  const inside = before.slice(open + 2).replace(/^\{+/, '');
  if (inside.startsWith('!')) return { kind: 'text' };
  const head = inside.replace(/^~/, '');
  if (/^>\s*[\w./-]*$/.test(head)) return { kind: 'partial' };
  if (/^#\*?\s*[\w-]*$/.test(head)) return { kind: 'block' };
  if (/^\/\s*[\w-]*$/.test(head))
    return { kind: 'close', open: lastOpenBlock(before.slice(0, open)) };
  return { kind: 'expression' };
}

/** The name of the innermost block still open in `text` (`{{#each}}` … without `{{/each}}`). */
export function lastOpenBlock(text: string): string | null {
  const stack: string[] = [];
  for (const match of text.matchAll(/\{\{~?([#/])\*?\s*([\w-]+)/g)) {
    const [, sign, name] = match;
    if (!name) continue;
    if (sign === '#') stack.push(name);
    else if (stack[stack.length - 1] === name) stack.pop();
  }
  return stack[stack.length - 1] ?? null;
}
