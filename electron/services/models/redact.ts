// Takes keys out of text a provider sent back (error messages), before anything stores or shows it.

const REDACTED = '[redacted]';
const KEY_CHARS = '[A-Za-z0-9_\\-*…]';

/**
 * Removes from `text`: every key in `keys`, anything that looks like an OpenAI or Anthropic key
 * (`sk-…`, masked or not), masked fragments of other keys (`abc…wxyz`, `abc***wxyz`,
 * `abc...wxyz`), and bearer tokens.
 */
export function redactSecrets(text: string, keys: readonly string[]): string {
  let out = text;
  for (const key of keys) {
    if (key.length >= 4) out = out.split(key).join(REDACTED);
  }
  return out
    .replace(new RegExp(`\\bsk-${KEY_CHARS}*(?:\\.+${KEY_CHARS}+)*`, 'g'), REDACTED)
    .replace(/[A-Za-z0-9_-]{2,}(?:…|\*{2,}|\.{3})[A-Za-z0-9_-]{2,}/g, REDACTED)
    .replace(/(Bearer\s+)\S+/gi, `$1${REDACTED}`);
}
