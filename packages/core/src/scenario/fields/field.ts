import { DURATION_PATTERN, formatDuration } from '../duration.ts';
import { LIMITS } from '../limits.ts';

/** A JSON Schema (draft 2020-12) node: plain data, as written to scenario.schema.json. */
export type JsonSchema = { [key: string]: unknown };

/**
 * One field of a scenario file, described once: the JSON Schema, `docs/scenario-reference.md` and the
 * validators' lists of valid field names are all built from these tables, so they cannot drift apart.
 */
export interface Field {
  /** The type as the reference shows it: `duration`, `integer 1..100000`, `step or list of steps`. */
  type: string;
  /** What the field does, in a sentence or two (an editor shows it on hover). */
  description: string;
  /** A value as written in a scenario file. */
  example: unknown;
  /** The value used when the field is left out (absent: none, or see `defaultText`). */
  default?: unknown;
  /** The default in words, when it depends on something else. */
  defaultText?: string;
  /** The values allowed, when they are a fixed list (the schema's `enum`). */
  values?: readonly (string | number | boolean)[];
  /** The field must be given. */
  required?: boolean;
  /** The JSON Schema of the value; absent with `fields`: the closed object of those fields. */
  schema?: JsonSchema;
  /** The fields of an object value (also when the value may be written another way, as a role name). */
  fields?: FieldTable;
  /** A value whose fields are described in another table (a step): its title, and that table. */
  like?: { title: string; fields: FieldTable };
}

/** The fields of one object of a scenario file, by name, in the order the reference lists them. */
export type FieldTable = Readonly<Record<string, Field>>;

/** The names of a table's fields: the list the validators check unknown fields against. */
export function keysOf(table: FieldTable): string[] {
  return Object.keys(table);
}

/** A field's own schema, with its description, default and example as JSON Schema annotations. */
export function fieldSchema(f: Field): JsonSchema {
  const base = f.schema ?? (f.fields ? objectSchema(f.fields) : f.values ? { enum: [...f.values] } : {});
  const description = f.defaultText ? `${f.description} Default: ${f.defaultText}.` : f.description;
  return {
    ...base,
    description,
    ...(f.default !== undefined ? { default: f.default } : {}),
    examples: [f.example],
  };
}

/** The closed object of a table: every field listed (an editor completes it), anything else an error. */
export function objectSchema(table: FieldTable, more: JsonSchema = {}): JsonSchema {
  const required = Object.entries(table)
    .filter(([, f]) => f.required === true)
    .map(([k]) => k);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(table).map(([k, f]) => [k, fieldSchema(f)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...more,
  };
}

/** A length of time: ms, or a string such as `500ms`, `30s`, `2m`, `1h`. */
export const DURATION: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0, maximum: LIMITS.maxDurationMs },
    { type: 'string', pattern: DURATION_PATTERN.source },
  ],
};

/** A duration field with its default in ms written as the file would write it (`10s`). */
export function duration(description: string, example: string, defaultMs?: number): Field {
  return {
    type: 'duration',
    description,
    example,
    schema: DURATION,
    ...(defaultMs !== undefined ? { default: formatDuration(defaultMs) } : {}),
  };
}

/** A whole number between `min` and `max`. */
export function whole(min: number, max: number): { type: string; schema: JsonSchema } {
  return { type: `integer ${min}..${max}`, schema: { type: 'integer', minimum: min, maximum: max } };
}

/** A share of a whole, 0 to 1. */
export const SHARE = { type: 'number 0..1', schema: { type: 'number', minimum: 0, maximum: 1 } };

/** One of a fixed list of words. */
export function oneOf(values: readonly string[]): Pick<Field, 'type' | 'values' | 'schema'> {
  return { type: 'string', values, schema: { enum: [...values] } };
}

/** Name -> template (headers, form fields): each value a string where `{{name}}` is replaced. */
export const TEMPLATES: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

/** A header name (RFC 9110 token); cookie names are checked against it too. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header or cookie name, for the schema. */
export const HEADER_NAME_SCHEMA: JsonSchema = { type: 'string', pattern: HEADER_NAME.source };

/** Header name -> template. */
export const HEADERS: JsonSchema = { ...TEMPLATES, propertyNames: { pattern: HEADER_NAME.source } };
