import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseTemplate } from './parse';
import { compileInPieces, PIECEWISE_MIN_LENGTH, type ProgramRunner } from './piecewise';
import { renderTemplate } from './render';

/** A template well past the piecewise threshold, mixing blocks, whitespace control and text. */
function largeTemplate(seed: string): string {
  const lines: string[] = [];
  for (let index = 0; lines.join('\n').length < PIECEWISE_MIN_LENGTH * 2; index += 1) {
    switch (index % 6) {
      case 0:
        lines.push(`Section ${index} for {{name}} (${seed}): ${'text '.repeat(index % 17)}`);
        break;
      case 1:
        lines.push('{{#each items}}', `  - {{this}} #{{@index}} in ${index}`, '{{/each}}');
        break;
      case 2:
        lines.push(`{{#if on}}\n  on ${index}\n{{else}}\n  off\n{{/if}}`);
        break;
      case 3:
        lines.push(`  {{~name~}}   [${index}]   {{~#if on~}} yes {{~/if}}`);
        break;
      case 4:
        lines.push(`{{! comment ${index} }}`, `{{#with user}}{{first}} ${index}{{/with}}`);
        break;
      default:
        lines.push('', `{{upper name}} {{lookup user "first"}} ${'word '.repeat(index % 23)}`);
    }
  }
  return lines.join('\n');
}

const variables = { name: 'Ada', items: ['a', 'b'], on: true, user: { first: 'Grace' } };

function reference(source: string): string {
  const env = Handlebars.create();
  env.registerHelper('upper', (value: unknown) => String(value).toUpperCase());
  return env.compile(source, { noEscape: true })(variables);
}

describe('compileInPieces', () => {
  it('leaves short templates and templates with inline partials to the whole compiler', () => {
    const never = () => {
      throw new Error('must not compile pieces');
    };
    expect(compileInPieces(parseTemplate('Hi {{x}}'), 'Hi {{x}}', never)).toBeUndefined();
    const inline = `{{#*inline "row"}}r{{/inline}}${largeTemplate('i')}{{> row}}`;
    expect(compileInPieces(parseTemplate(inline), inline, never)).toBeUndefined();
  });

  it('renders a large template exactly as Handlebars renders it whole', () => {
    for (const seed of ['a', 'bb', 'ccc']) {
      const source = largeTemplate(seed);
      expect(renderTemplate(source, variables)).toBe(reference(source));
    }
  });

  it('recompiles only the piece an edit touched', () => {
    const counted = (compiled: string[]) => (program: hbs.AST.Program) => {
      compiled.push(JSON.stringify(program.loc.start));
      const env = Handlebars.create();
      env.registerHelper('upper', (value: unknown) => String(value).toUpperCase());
      return env.compile(program, { noEscape: true }) as ProgramRunner;
    };
    const base = largeTemplate(`edit-${Math.random()}`);
    const first: string[] = [];
    const whole = compileInPieces(parseTemplate(base), base, counted(first));
    expect(whole?.(variables, {})).toBe(reference(base));
    expect(first.length).toBeGreaterThan(3);

    const edited = `${base} and one more word`;
    const second: string[] = [];
    const again = compileInPieces(parseTemplate(edited), edited, counted(second));
    expect(again?.(variables, {})).toBe(reference(edited));
    expect(second).toHaveLength(1);
  });

  it('reports the line of an error after an edit moved it', () => {
    const base = `${largeTemplate(`lines-${Math.random()}`)}\n{{missing}}`;
    const lineOf = (source: string) => {
      try {
        renderTemplate(source, variables);
      } catch (error) {
        if (error instanceof AppError) return error.details?.line;
      }
      return undefined;
    };
    const lines = base.split('\n').length;
    expect(lineOf(base)).toBe(lines);
    expect(lineOf(`top line\n${base}`)).toBe(lines + 1);
    expect(lineOf(base)).toBe(lines);
  });
});
