import { describe, expect, it } from 'vitest';
import type { editor } from 'monaco-editor/editor/editor.api';
import { THEME_NAMES, defineThemes } from './themes';

function definedThemes(): Map<string, editor.IStandaloneThemeData> {
  const themes = new Map<string, editor.IStandaloneThemeData>();
  defineThemes((name, data) => themes.set(name, data));
  return themes;
}

describe('editor themes', () => {
  it('registers a light and a dark theme on the matching Monaco base', () => {
    const themes = definedThemes();
    expect(themes.get(THEME_NAMES.light)?.base).toBe('vs');
    expect(themes.get(THEME_NAMES.dark)?.base).toBe('vs-dark');
  });

  it('styles the same Handlebars tokens in both schemes, in different colours', () => {
    const themes = definedThemes();
    const light = themes.get(THEME_NAMES.light)?.rules ?? [];
    const dark = themes.get(THEME_NAMES.dark)?.rules ?? [];
    expect(light.map((rule) => rule.token)).toEqual(dark.map((rule) => rule.token));
    expect(light.map((rule) => rule.token)).toContain('type.partial');
    expect(light.find((r) => r.token === 'variable')?.foreground).not.toBe(
      dark.find((r) => r.token === 'variable')?.foreground,
    );
  });

  it('keeps font styles the same across schemes and omits them where there are none', () => {
    const [light, dark] = [...definedThemes().values()].map((theme) => theme.rules);
    expect(light?.map((rule) => rule.fontStyle)).toEqual(dark?.map((rule) => rule.fontStyle));
    expect(light?.find((rule) => rule.token === 'keyword.block')?.fontStyle).toBe('bold');
    expect(light?.find((rule) => rule.token === 'string')).not.toHaveProperty('fontStyle');
  });

  it('paints the gutter like the editor background', () => {
    for (const theme of definedThemes().values()) {
      expect(theme.colors['editorGutter.background']).toBe(theme.colors['editor.background']);
    }
  });
});
