// Getting an export out of the app: the payload as text, the file name, clipboard and download.
import type { Provider } from '../../../src-shared/contract/dto';

/** The payload as the JSON the panel shows, copies and saves (two-space indent, final newline). */
export function payloadText(payload: unknown): string {
  return `${JSON.stringify(payload, null, 2)}\n`;
}

/** The download name: `pwb-<id>-<provider>.json`, with anything unsafe for a file name replaced. */
export function exportFileName(id: string | null, provider: Provider): string {
  const safe = (id ?? '').replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '') || 'prompt';
  return `pwb-${safe}-${provider}.json`;
}

/**
 * Copies text to the clipboard. The async Clipboard API needs a secure, focused page; where it
 * is refused (an http origin, a denied permission) a hidden textarea and `execCommand` do it.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // Fall through to the textarea route.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The clipboard is not available here.');
}

/** Saves text as a file through a Blob URL and an `<a download>` click. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
