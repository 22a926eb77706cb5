// JSON Schemas built from small typed pieces: each schema carries the TypeScript type it accepts,
// so the compiler can hold a schema to the type it is meant to check (see `Same`).

/** A JSON Schema as plain data (the page may import it; only the Node side compiles it). */
export type JsonSchema = Readonly<Record<string, unknown>>;

declare const accepts: unique symbol;

/** A JSON Schema that accepts exactly the values of type `T` (a compile-time tag, no runtime field). */
export type Schema<T> = JsonSchema & { readonly [accepts]: T };

/** The type a schema accepts. */
export type Static<S> = S extends Schema<infer T> ? T : never;

type Flat<T> = { [K in keyof T]: T[K] };

/** `T` with intersections flattened at every depth, so equal shapes compare equal. */
type Normal<T> = T extends readonly (infer Item)[]
  ? Normal<Item>[]
  : T extends object
    ? { [K in keyof T]: Normal<T[K]> }
    : T;

/**
 * True when `A` and `B` are the same type: same keys, same optionality, same property types at
 * every depth. Mutual assignability is not enough: it ignores an optional key one side lacks.
 */
export type Same<A, B> =
  (<G>() => G extends Normal<A> ? 1 : 2) extends <G>() => G extends Normal<B> ? 1 : 2
    ? true
    : false;

const tag = <T>(schema: Record<string, unknown>): Schema<T> => schema as Schema<T>;

/** Rules a string may carry. */
export interface StringRules {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** Rules a number may carry. */
export interface NumberRules {
  minimum?: number;
  maximum?: number;
}

/** Rules a list or mapping may carry. */
export interface SizeRules {
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
}

/** A string. */
export const string = (rules: StringRules = {}): Schema<string> =>
  tag({ type: 'string', ...rules });

/** One of a fixed list of strings (no `type`, so a wrong value of any kind names the choices). */
export const oneOf = <const T extends string>(values: readonly T[]): Schema<T> =>
  tag({ enum: [...values] });

/** A whole number. */
export const integer = (rules: NumberRules = {}): Schema<number> =>
  tag({ type: 'integer', ...rules });

/** Any finite JSON number. */
export const number = (rules: NumberRules = {}): Schema<number> =>
  tag({ type: 'number', ...rules });

/** true or false. */
export const boolean = (): Schema<boolean> => tag({ type: 'boolean' });

/** Any JSON value. */
export const anything = (): Schema<unknown> => tag({});

/** A list of `items`. */
export const list = <T>(items: Schema<T>, rules: SizeRules = {}): Schema<T[]> =>
  tag({ type: 'array', items, ...rules });

/** A mapping from any key to `values`. */
export const mapping = <T>(values: Schema<T>, rules: SizeRules = {}): Schema<Record<string, T>> =>
  tag({ type: 'object', additionalProperties: values, ...rules });

/** A value either schema accepts. */
export const either = <A, B>(first: Schema<A>, second: Schema<B>): Schema<A | B> =>
  tag({ anyOf: [first, second] });

/** `schema`, or null. */
export const orNull = <T>(schema: Schema<T>): Schema<T | null> => {
  const { enum: values, type, ...rest } = schema as Record<string, unknown>;
  if (Array.isArray(values)) return tag({ ...rest, enum: [...values, null] });
  if (typeof type === 'string') return tag({ ...rest, type: [type, 'null'] });
  return tag({ anyOf: [schema, { type: 'null' }] });
};

/** An object with no properties at all. */
export const empty = (): Schema<Record<string, never>> =>
  tag({ type: 'object', properties: {}, additionalProperties: false });

type Fields = Record<string, Schema<unknown>>;
type RequiredOf<P extends Fields> = { [K in keyof P]: Static<P[K]> };
type OptionalOf<P extends Fields> = { [K in keyof P]?: Static<P[K]> };

/** An object with `required` and `optional` properties and no others. */
export function object<R extends Fields, O extends Fields = Record<never, never>>(
  required: R,
  optional?: O,
  rules: SizeRules = {},
): Schema<Flat<RequiredOf<R> & OptionalOf<O>>> {
  return tag({
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
    additionalProperties: false,
    ...rules,
  });
}

/** An object with known properties that also keeps any other key, whose value `extra` checks. */
export function openObject<R extends Fields, O extends Fields, E>(
  required: R,
  optional: O,
  extra: Schema<E>,
  rules: SizeRules = {},
): Schema<Flat<RequiredOf<R> & OptionalOf<O> & Record<string, E>>> {
  return tag({
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
    additionalProperties: extra,
    ...rules,
  });
}
