// "Put the cursor in the editor named X once it exists": actions that create an editor (a new
// prompt, a new message) ask for focus before it is there; the editor takes the request when it
// is built (Monaco loads lazily, so that can be a moment later). A click elsewhere, or a newer
// request, cancels an old one, so focus never jumps long after the person moved on.

let pending: string | null = null;
let listening = false;

function cancel(): void {
  pending = null;
}

/** Asks that the editor whose accessible name is `name` takes focus when it is created. */
export function requestEditorFocus(name: string): void {
  pending = name;
  if (!listening && typeof document !== 'undefined') {
    document.addEventListener('pointerdown', cancel, true);
    listening = true;
  }
}

/** True (once) when an editor named `name` was asked for: the caller focuses it. */
export function claimEditorFocus(name: string): boolean {
  if (pending !== name) return false;
  pending = null;
  return true;
}
