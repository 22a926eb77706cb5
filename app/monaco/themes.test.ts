import { describe, expect, it } from 'vitest';
import type { editor } from 'monaco-editor/editor/editor.api';
import { DIFF_TINTS, SURFACES, THEME_NAMES, defineThemes } from './themes';
import type { Scheme } from './themes';

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

/** An opaque colour's sRGB channels. */
type RGB = [number, number, number];

/** sRGB channels of '#rrggbb' or '#rrggbbaa' (alpha 0-1, 1 when absent). */
function parse(colour: string): { rgb: RGB; alpha: number } {
  const hex = colour.replace('#', '');
  const channel = (index: number): number => parseInt(hex.slice(index, index + 2), 16);
  return {
    rgb: [channel(0), channel(2), channel(4)],
    alpha: hex.length === 8 ? channel(6) / 255 : 1,
  };
}

/** `over` painted on the opaque `under`, as the browser blends it. */
function paint(under: RGB, over: string): RGB {
  const { rgb, alpha } = parse(over);
  return [0, 1, 2].map((i) => rgb[i]! * alpha + under[i]! * (1 - alpha)) as [
    number,
    number,
    number,
  ];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: RGB): number {
  const linear = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(a: RGB, b: RGB): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Layer stacks, bottom first, composited into the colour a person sees. */
function composite(stacks: Record<string, string[]>): Map<string, RGB> {
  const painted = new Map<string, RGB>();
  for (const [name, [first, ...layers]] of Object.entries(stacks)) {
    painted.set(name, layers.reduce(paint, parse(first!).rgb));
  }
  return painted;
}

/** Every background text can sit on: the editor, the current line, the diff's tints on both. */
function textBackgrounds(scheme: Scheme): Map<string, RGB> {
  const surface = SURFACES[scheme];
  const tints = DIFF_TINTS[scheme];
  const stacks: Record<string, string[]> = {};
  for (const [base, under] of [
    ['editor', [surface.background]],
    ['current line', [surface.background, surface.lineHighlight]],
  ] as const) {
    stacks[base] = [...under];
    for (const side of ['inserted', 'removed'] as const) {
      stacks[`${side} line (${base})`] = [...under, tints[`${side}Line`]];
      stacks[`${side} text (${base})`] = [...under, tints[`${side}Line`], tints[`${side}Text`]];
    }
  }
  return composite(stacks);
}

/** Every background of the gutter (line numbers): plain, or tinted beside a changed line. */
function gutterBackgrounds(scheme: Scheme): Map<string, RGB> {
  const { background } = SURFACES[scheme];
  const tints = DIFF_TINTS[scheme];
  return composite({
    gutter: [background],
    'inserted gutter': [background, tints.insertedLine],
    'removed gutter': [background, tints.removedLine],
  });
}

describe('editor theme contrast (WCAG AA, 4.5:1 for text)', () => {
  const themes = definedThemes();

  it.each(['light', 'dark'] as const)(
    'every token colour and line number reads on every %s background, diff tints included',
    (scheme) => {
      const theme = themes.get(THEME_NAMES[scheme]);
      const surface = SURFACES[scheme];
      const text = textBackgrounds(scheme);
      const gutter = gutterBackgrounds(scheme);
      type Check = readonly [what: string, colour: string, on: Map<string, RGB>];
      const checks: Check[] = [
        ['line number', surface.lineNumber, gutter],
        ['active line number', surface.activeLineNumber, gutter],
        ['editor.foreground', theme?.colors['editor.foreground'] ?? '', text],
        ...(theme?.rules ?? []).map((rule): Check => [
          `token '${rule.token}'`,
          `#${rule.foreground}`,
          text,
        ]),
      ];
      const failures: string[] = [];
      for (const [what, colour, on] of checks) {
        for (const [where, background] of on) {
          const ratio = contrast(parse(colour).rgb, background);
          if (ratio < 4.5) failures.push(`${what} ${colour} on ${where}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('is a complete theme: nothing inherited from Monaco, a default colour for every token', () => {
    for (const theme of themes.values()) {
      expect(theme.inherit).toBe(false);
      expect(theme.rules[0]?.token).toBe('');
      for (const key of [
        'diffEditor.insertedTextBackground',
        'diffEditor.removedTextBackground',
        'editorLineNumber.dimmedForeground',
      ]) {
        expect(theme.colors[key]).toMatch(/^#[0-9a-f]{6}([0-9a-f]{2})?$/);
      }
    }
  });

  it('the contrast check itself tells a failing pair from a passing one', () => {
    // The colours the audit found: grey hint text on white, and GitHub's green on a diff tint.
    expect(contrast(parse('#8a919b').rgb, parse('#ffffff').rgb)).toBeCloseTo(3.18, 1);
    expect(contrast(parse('#000000').rgb, parse('#ffffff').rgb)).toBeCloseTo(21, 5);
    for (const channel of paint([255, 255, 255], '#00000080')) expect(channel).toBeCloseTo(127, 5);
  });
});
