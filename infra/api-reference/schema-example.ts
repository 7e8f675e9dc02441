/**
 * Builds a value that a JSON Schema (draft 2020-12, as zod emits it) describes, so that every
 * request body in the API reference has an example derived from the schema that validates the
 * route, instead of one written by hand beside it. The caller checks the value with the route's
 * own zod schema (refinements included) and keeps it only if it passes.
 *
 * `shape` picks how much to fill in: `complete` sets every attribute (the richest example),
 * `minimal` only the required ones, and `{ plus }` the required ones and one more top-level
 * attribute, complete (what a merge patch that must change something, or a body whose optional
 * attributes exclude each other in a refinement, accepts). A schema's own `examples` (zod
 * `.meta({ examples })`) win over anything built.
 */
export type ExampleShape = 'complete' | 'minimal' | { plus: string };

export type JsonSchema = Record<string, unknown>;

/** Resolves a `$ref` (`#/components/schemas/…`) to the schema it names. */
export type SchemaResolver = (ref: string) => JsonSchema | undefined;

/** An instant and a date in the future of any test run, so "not in the past" rules hold. */
const exampleInstant = '2030-01-15T10:00:00Z';
const exampleDate = '2030-01-15';

/**
 * Values tried, in order, for a string with a `pattern`: the first that matches wins. They cover
 * the shapes the API's schemas use (codes, identifiers, instants, phone numbers); a pattern none
 * of them matches leaves the example without that string, and the route's own validation decides.
 */
const patternCandidates = ['example', 'EUR', 'FR', '1', 'example-1', 'ada@example.com', '+33 1 23 45 67 89', exampleInstant, exampleDate, '2030-01', 'P1M', '00000000-0000-4000-8000-000000000000'];

export function exampleOf(schema: JsonSchema, resolve: SchemaResolver, shape: ExampleShape): unknown {
  const builder = new ExampleBuilder(resolve);
  return builder.build(schema, 'example', new Set(), shape);
}

class ExampleBuilder {
  constructor(private readonly resolve: SchemaResolver) {}

  /** `minimal` holds all the way down; `{ plus }` names a top-level attribute, built complete. */
  build(schema: JsonSchema, name: string, visiting: Set<string>, shape: ExampleShape = 'complete'): unknown {
    if (typeof schema.$ref === 'string') {
      // A recursive schema (a category's sub-categories) is followed once: the example stops there.
      if (visiting.has(schema.$ref)) return undefined;
      const target = this.resolve(schema.$ref);
      if (!target) return undefined;
      return this.build(target, name, new Set([...visiting, schema.$ref]), shape);
    }
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(alternatives)) {
      const chosen = alternatives.find((alternative) => alternative.type !== 'null') ?? alternatives[0];
      return chosen ? this.build(chosen, name, visiting, shape) : undefined;
    }
    if (Array.isArray(schema.allOf)) {
      const parts = (schema.allOf as JsonSchema[]).map((part) => this.build(part, name, visiting, shape));
      return parts.every((part) => isPlainObject(part)) ? Object.assign({}, ...parts) : parts[0];
    }
    const type = Array.isArray(schema.type) ? (schema.type as string[]).find((candidate) => candidate !== 'null') : (schema.type as string | undefined);
    switch (type) {
      case 'object':
        return this.object(schema, visiting, shape);
      case 'array':
        return this.array(schema, name, visiting, shape);
      case 'string':
        return stringExample(schema, name);
      case 'integer':
      case 'number':
        return numberExample(schema, type);
      case 'boolean':
        return false;
      case 'null':
        return null;
      default:
        return schema.properties ? this.object(schema, visiting, shape) : undefined;
    }
  }

  private object(schema: JsonSchema, visiting: Set<string>, shape: ExampleShape): Record<string, unknown> {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    const value: Record<string, unknown> = {};
    for (const [property, propertySchema] of Object.entries(properties)) {
      if (shape === 'minimal' && !required.has(property)) continue;
      if (typeof shape === 'object' && !required.has(property) && property !== shape.plus) continue;
      // TMF polymorphism attributes (@type, @baseType, @schemaLocation) only clutter an example.
      if (!required.has(property) && property.startsWith('@')) continue;
      const example = this.build(propertySchema, property, visiting, shape === 'minimal' ? 'minimal' : 'complete');
      if (example !== undefined) value[property] = example;
    }
    return value;
  }

  private array(schema: JsonSchema, name: string, visiting: Set<string>, shape: ExampleShape): unknown[] {
    const items = schema.items as JsonSchema | undefined;
    if (!items) return [];
    const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 0);
    const item = this.build(items, name, visiting, shape === 'minimal' ? 'minimal' : 'complete');
    if (item === undefined) return [];
    // Items of a TMF list often need distinct ids ("1", "2", ...) when more than one is required.
    return Array.from({ length: count }, (_, index) => (isPlainObject(item) && typeof item.id === 'string' && index > 0 ? { ...item, id: String(index + 1) } : item));
  }
}

function stringExample(schema: JsonSchema, name: string): string | undefined {
  const format = schema.format as string | undefined;
  if (format === 'date-time') return exampleInstant;
  if (format === 'date') return exampleDate;
  if (format === 'email') return 'ada@example.com';
  if (format === 'uri') return 'https://example.com/resource';
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const fits = (candidate: string) => candidate.length >= minLength && candidate.length <= maxLength;
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    return patternCandidates.find((candidate) => fits(candidate) && pattern.test(candidate));
  }
  const named = name === 'id' || name.endsWith('Id') ? '1' : name;
  if (fits(named)) return named;
  return 'x'.repeat(Math.max(1, minLength));
}

function numberExample(schema: JsonSchema, type: 'integer' | 'number'): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : undefined;
  let value = minimum ?? (maximum !== undefined ? Math.min(1, maximum) : 1);
  if (minimum !== undefined && minimum <= 1 && (maximum === undefined || maximum >= 1)) value = 1;
  return type === 'integer' ? Math.ceil(value) : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
