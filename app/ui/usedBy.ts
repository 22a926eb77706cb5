// How a list says which prompts use a schema or partial.

/** "not used by any prompt", or "used by a, b". */
export function usedByText(promptIds: readonly string[]): string {
  return promptIds.length === 0 ? 'not used by any prompt' : `used by ${promptIds.join(', ')}`;
}
