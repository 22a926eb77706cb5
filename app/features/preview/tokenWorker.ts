// The token counter's worker: o200k counts away from the page's main thread, which keeps typing.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenJob, TokenAnswer } from './tokenCount';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<TokenJob>) => void) | null;
  postMessage(answer: TokenAnswer): void;
};

scope.onmessage = (event) => {
  const { id, text } = event.data;
  let tokens: number | null;
  try {
    // Special-token text in a prompt ("<|endoftext|>") is counted as plain text, never refused.
    tokens = countTokens(text, { disallowedSpecial: new Set() });
  } catch {
    tokens = null;
  }
  scope.postMessage({ id, tokens });
};
