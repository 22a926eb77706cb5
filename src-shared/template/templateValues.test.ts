import { describe, expect, it } from 'vitest';
import { renderTemplate } from './nodeRender';
import { toTemplateContext } from '../testKit/handlebarsReference';
import { stringifyTemplateValue, toInterpreterContext } from './templateValues';

describe('stringifyTemplateValue', () => {
  it('follows the documented rule', () => {
    expect(stringifyTemplateValue('s')).toBe('s');
    expect(stringifyTemplateValue(0)).toBe('0');
    expect(stringifyTemplateValue(true)).toBe('true');
    expect(stringifyTemplateValue(['a', 1, ['b', 2]])).toBe('a, 1, b, 2');
    expect(stringifyTemplateValue({ a: 'x' })).toBe('{"a":"x"}');
    expect(stringifyTemplateValue(new Date('2024-01-02T03:04:05Z'))).toBe(
      '2024-01-02T03:04:05.000Z',
    );
    expect(stringifyTemplateValue(null)).toBe('');
  });
});

// The reference's context (tests only) is the interpreter's, detached: the rules show in both.
describe('toTemplateContext', () => {
  it('drops null values that are not nullable, keeps nullable ones as empty text', () => {
    const context = toTemplateContext({ a: null, b: null, c: 1 }, ['b']);
    expect(Object.keys(context)).toEqual(['b', 'c']);
    expect(context.b).toBe('');
  });

  it('copies objects and arrays onto null prototypes', () => {
    const context = toTemplateContext({ o: { x: 1 }, xs: [1] });
    expect(Object.getPrototypeOf(context)).toBeNull();
    expect(Object.getPrototypeOf(context.o)).toBeNull();
    expect(Object.getPrototypeOf(context.xs)).toBeNull();
    expect(Array.isArray(context.xs)).toBe(true);
    expect(`${context.o as string}`).toBe('{"x":1}');
  });

  it('turns functions into missing values instead of calling them', () => {
    expect(Object.keys(toTemplateContext({ f: () => 'x', n: 1n }))).toEqual(['n']);
  });

  it('keeps a "__proto__" key as plain data, at any depth, without touching prototypes', () => {
    const variables = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "user": {"__proto__": "text"}}',
    ) as Record<string, unknown>;
    const context = toTemplateContext(variables);
    expect(Object.getPrototypeOf(context)).toBeNull();
    expect(Object.keys(context)).toEqual(['__proto__', 'user']);
    expect(Object.getOwnPropertyDescriptor(context, '__proto__')?.value).toEqual(
      expect.objectContaining({ polluted: 'yes' }),
    );
    const user = context.user as Record<string, unknown>;
    expect(Object.getPrototypeOf(user)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(user, '__proto__')?.value).toBe('text');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('prints copies by the stringification rule, with no key added for it', () => {
    const context = toTemplateContext({
      tags: ['a', 1, null, { k: 'v' }],
      user: { name: 'Ada', langs: ['en', 'fr'] },
    });
    expect(`${context.tags as string}`).toBe('a, 1, , {"k":"v"}');
    expect(`${context.user as string}`).toBe('{"name":"Ada","langs":["en","fr"]}');
    expect(Object.keys(context.user as object)).toEqual(['name', 'langs']);
    expect(JSON.stringify(context)).toBe(
      '{"tags":["a",1,null,{"k":"v"}],"user":{"name":"Ada","langs":["en","fr"]}}',
    );
  });

  it('applies the null rule at nested paths and keeps list positions', () => {
    const context = toTemplateContext(
      { user: { nick: null, mail: null, name: 'A' }, list: [null, 'x', undefined] },
      ['user.nick', 'user.phone'],
    );
    expect(Object.fromEntries(Object.entries(context.user as object))).toEqual({
      nick: '',
      name: 'A',
      phone: '',
    });
    expect(Array.from(context.list as ArrayLike<unknown>)).toEqual([null, 'x', null]);
  });

  it("prints dates as ISO text and leaves the caller's variables untouched", () => {
    const variables = { when: new Date('2024-05-06T07:08:09Z'), nested: { n: 1 } };
    const context = toTemplateContext(variables);
    expect(context.when).toBe('2024-05-06T07:08:09.000Z');
    expect(Object.getPrototypeOf(variables.nested)).toBe(Object.prototype);
    expect(context.nested).not.toBe(variables.nested);
  });
});

describe('toInterpreterContext', () => {
  it('uses JSON-like variables as they are, and renders them frozen (never writes to them)', () => {
    const variables = deepFreeze({ name: 'Ann', tags: ['a', 'b'], user: { age: 3, ok: true } });
    expect(toInterpreterContext(variables)).toBe(variables);
    expect(
      renderTemplate('{{name}} {{tags}} {{#each user}}{{@key}}={{this}};{{/each}}', variables),
    ).toBe('Ann a, b age=3;ok=true;');
  });

  it('copies what the null and stringification rules change, as toTemplateContext does', () => {
    const variables = { name: null, when: new Date(0), big: 2n, list: [null, 'x'], user: {} };
    const context = toInterpreterContext(variables, ['name']);
    expect(context).not.toBe(variables);
    expect(context).toEqual({
      name: '',
      when: '1970-01-01T00:00:00.000Z',
      big: '2',
      list: [null, 'x'],
      user: {},
    });
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    expect(asJson(toTemplateContext(variables, ['name']))).toEqual(asJson(context));
  });

  it('copies lists with holes and refuses what toTemplateContext refuses', () => {
    const sparse: string[] = new Array<string>(3);
    sparse[0] = 'a';
    sparse[2] = 'c';
    expect(toInterpreterContext({ sparse })['sparse']).toEqual(['a', null, 'c']);
    expect(() => toInterpreterContext([] as unknown as Record<string, unknown>)).toThrow(
      'Template variables must be an object of names to values.',
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
