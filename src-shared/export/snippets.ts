// Shared pieces of the SDK code snippets that accompany every export.

/** Code that sends an exported payload, in both SDK languages. */
export interface Snippets {
  python: string;
  typescript: string;
}

/** Shown in snippets when the prompt recommends no model; every SDK call requires one. */
export const MODEL_PLACEHOLDER = 'YOUR_MODEL';

/** Joins snippet lines, ending with one newline. */
export function code(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Pretty JSON for embedding in TypeScript source (JSON is a valid object literal). */
export function tsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
