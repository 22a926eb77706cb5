// Token counts with the o200k encoding (GPT-4o family), loaded on first use: the table is large.

type Counter = (text: string) => number;

let loading: Promise<Counter> | null = null;

function loadCounter(): Promise<Counter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then(
    // Special-token text in a prompt ("<|endoftext|>") is counted as plain text, never refused.
    (encoding) => (text: string) => encoding.countTokens(text, { disallowedSpecial: new Set() }),
  );
  return loading;
}

/** The number of o200k tokens in `text`. */
export async function countTokens(text: string): Promise<number> {
  const count = await loadCounter();
  return count(text);
}
