import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from '../state/store';
import { createClient } from '../api/client';
import type { Transport } from '../api/transport';
import {
  commandForStroke,
  defineCommand,
  filterCommands,
  formatBinding,
  matchesBinding,
} from './registry';
import { WORKBENCH_COMMANDS } from './workbenchCommands';

const stroke = (
  key: string,
  mods: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', boolean>> = {},
) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

// A transport that is never reached: these tests only read state.
const offline: Transport = {
  kind: 'http',
  call: async () => ({ ok: false, error: { code: 'internal', message: 'offline' } }),
};
const state = () => createWorkbenchStore(createClient(offline)).getState();

describe('matchesBinding', () => {
  it('reads Mod as Ctrl off macOS and Cmd on macOS', () => {
    expect(matchesBinding('Mod+S', stroke('s', { ctrl: true }), false)).toBe(true);
    expect(matchesBinding('Mod+S', stroke('s', { meta: true }), false)).toBe(false);
    expect(matchesBinding('Mod+S', stroke('s', { meta: true }), true)).toBe(true);
    expect(matchesBinding('Mod+S', stroke('s', { ctrl: true }), true)).toBe(false);
  });

  it('requires exactly the modifiers named', () => {
    expect(matchesBinding('Mod+Shift+P', stroke('P', { ctrl: true, shift: true }), false)).toBe(
      true,
    );
    expect(matchesBinding('Mod+P', stroke('P', { ctrl: true, shift: true }), false)).toBe(false);
    expect(matchesBinding('Alt+1', stroke('1', { alt: true }), false)).toBe(true);
    expect(matchesBinding('Mod+S', stroke('s'), false)).toBe(false);
  });
});

describe('formatBinding', () => {
  it('shows platform conventions', () => {
    expect(formatBinding('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatBinding('Mod+Shift+P', true)).toBe('⌘⇧P');
    expect(formatBinding('Mod+Enter', false)).toBe('Ctrl+Enter');
  });
});

describe('filterCommands', () => {
  const commands = [
    defineCommand({ id: 'a', title: 'Save version…', run: () => undefined }),
    defineCommand({ id: 'b', title: 'Import folder…', run: () => undefined }),
  ];

  it('matches every typed word anywhere in the title, ignoring case', () => {
    expect(filterCommands(commands, 'sav ver').map((c) => c.id)).toEqual(['a']);
    expect(filterCommands(commands, 'FOLDER').map((c) => c.id)).toEqual(['b']);
    expect(filterCommands(commands, 'export')).toEqual([]);
    expect(filterCommands(commands, '  ')).toHaveLength(2);
  });
});

describe('workbench commands', () => {
  it('binds Ctrl+S to "Save version…" only while a prompt is open', () => {
    const idle = state();
    expect(
      commandForStroke(WORKBENCH_COMMANDS, stroke('s', { ctrl: true }), idle, false),
    ).toBeUndefined();
    const store = createWorkbenchStore(createClient(offline));
    store.getState().newPrompt('greeting', 'text');
    const command = commandForStroke(
      WORKBENCH_COMMANDS,
      stroke('s', { ctrl: true }),
      store.getState(),
      false,
    );
    expect(command?.id).toBe('prompt.save');
    command?.run(store);
    expect(store.getState().ui.dialog).toEqual({ kind: 'save' });
  });

  it('opens the palette with Ctrl+K and Ctrl+Shift+P', () => {
    for (const keys of [stroke('k', { ctrl: true }), stroke('P', { ctrl: true, shift: true })]) {
      const store = createWorkbenchStore(createClient(offline));
      commandForStroke(WORKBENCH_COMMANDS, keys, store.getState(), false)?.run(store);
      expect(store.getState().ui.paletteOpen).toBe(true);
    }
  });

  it('has unique ids and unique shortcuts', () => {
    const ids = WORKBENCH_COMMANDS.map((command) => command.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = WORKBENCH_COMMANDS.flatMap((command) => command.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
