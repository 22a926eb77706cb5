import { readdirSync, readFileSync } from 'node:fs';
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
    ['the page renderer', path.resolve(__dirname, '../render/pagePrompt.ts')],
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
    expect(names).not.toContain('render.ts');
    expect(names).not.toContain('handlebarsReference.ts');
    expect([...packages]).toEqual(['handlebars/dist/cjs/handlebars/compiler/base.js']);
  });
});

/** Production source files: everything but tests, test kits and test fixtures. */
function productionFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!/^(?:testKit|testing|fixtures|node_modules)$/.test(entry.name)) {
        files.push(...productionFiles(full));
      }
    } else if (/\.tsx?$/.test(entry.name) && !/\.(?:test|bench)\.tsx?$|\.d\.ts$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

describe('the one engine', () => {
  const root = path.resolve(__dirname, '../..');
  const files = ['src-shared', 'electron', 'app'].flatMap((dir) =>
    productionFiles(path.join(root, dir)),
  );

  it('finds the production sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('ships no Handlebars compiler: production code imports only its parser', () => {
    const offenders = files.filter((file) => {
      const { packages } = importsOf(file);
      return packages.includes('handlebars') || packages.includes('handlebars/runtime');
    });
    expect(offenders).toEqual([]);
  });

  it('never imports a test kit from production code', () => {
    const offenders = files.filter((file) =>
      /from '[^']*\/testKit\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
