import { describe, expect, it } from 'vitest';
import { decideExit, exitHint, isTabFocusToggle } from './keyboardExit';
import type { ExitStroke } from './keyboardExit';

const stroke = (key: string, mods: Partial<Omit<ExitStroke, 'key'>> = {}): ExitStroke => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

/** Runs keys through decideExit from an unarmed start; returns each action. */
function press(keys: ExitStroke[], mac = false): string[] {
  let armed = false;
  return keys.map((key) => {
    const decision = decideExit(key, armed, mac);
    armed = decision.armed;
    return decision.action;
  });
}

describe('leaving an editor by keyboard', () => {
  it('lets Tab indent until Escape was pressed, then lets the browser move focus once', () => {
    expect(press([stroke('Tab')])).toEqual(['editor']);
    expect(press([stroke('Escape'), stroke('Tab'), stroke('Tab')])).toEqual([
      'editor',
      'native',
      'editor',
    ]);
  });

  it('keeps Escape armed through a modifier press (Esc, then Shift+Tab)', () => {
    expect(
      press([
        stroke('Escape'),
        stroke('Shift', { shiftKey: true }),
        stroke('Tab', { shiftKey: true }),
      ]),
    ).toEqual(['editor', 'editor', 'native']);
  });

  it('forgets Escape when anything else is typed in between', () => {
    expect(press([stroke('Escape'), stroke('a'), stroke('Tab')])).toEqual([
      'editor',
      'editor',
      'editor',
    ]);
  });

  it('never traps Shift+Tab, and F6 / Shift+F6 move past the editor', () => {
    expect(press([stroke('Tab', { shiftKey: true })])).toEqual(['native']);
    expect(press([stroke('F6')])).toEqual(['next']);
    expect(press([stroke('F6', { shiftKey: true })])).toEqual(['previous']);
    expect(press([stroke('F6', { ctrlKey: true })])).toEqual(['editor']);
  });

  it('leaves Ctrl+Tab and Alt+Tab alone', () => {
    expect(press([stroke('Escape'), stroke('Tab', { ctrlKey: true })])).toEqual([
      'editor',
      'editor',
    ]);
  });

  it('toggles tab-focus mode with Ctrl+M, and with Ctrl+Shift+M on macOS (not Cmd+M)', () => {
    expect(isTabFocusToggle(stroke('m', { ctrlKey: true }), false)).toBe(true);
    expect(isTabFocusToggle(stroke('M', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(isTabFocusToggle(stroke('M', { ctrlKey: true, shiftKey: true }), true)).toBe(true);
    expect(isTabFocusToggle(stroke('m', { metaKey: true }), true)).toBe(false);
    expect(press([stroke('m', { ctrlKey: true })])).toEqual(['toggle']);
    expect(press([stroke('m')])).toEqual(['editor']);
  });

  it('says in the hint what Tab does now and how to switch', () => {
    expect(exitHint(false, false)).toBe(
      'Tab indents · Esc then Tab leaves · Ctrl+M: Tab moves focus',
    );
    expect(exitHint(true, false)).toBe('Tab moves focus · Ctrl+M: Tab indents');
    expect(exitHint(true, true)).toContain('⌃⇧M');
  });
});
