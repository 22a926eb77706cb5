import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Relative imports (value imports only) of a module, resolved to file paths. */
function importsOf(file: string): { relative: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)(?! type)[^'"]*from '([^']+)'/gm)].map(
    (match) => match[1] as string,
  );
  return {
    relative: specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(file), `${s}.ts`)),
    packages: specifiers.filter((s) => !s.startsWith('.')),
  };
}

describe('the page-safe entry points', () => {
  it.each([
    ['the template API', path.resolve(__dirname, 'index.ts')],
    ['the page renderer', path.resolve(__dirname, '../render/localPrompt.ts')],
  ])('%s reaches the Handlebars parser but never its compiler or the Node renderer', (_, entry) => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const found = importsOf(file);
      found.packages.forEach((name) => packages.add(name));
      queue.push(...found.relative);
    }
    const names = [...seen].map((file) => path.basename(file));
    expect(names).not.toContain('engine.ts');
    expect(names).not.toContain('render.ts');
    expect([...packages]).toEqual(['handlebars/dist/cjs/handlebars/compiler/base.js']);
  });
});
