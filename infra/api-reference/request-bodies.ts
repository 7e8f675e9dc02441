import * as z from '../../domain/shared/zod.js';
import type { RouteDefinition } from '../topology.js';
import { exampleOf, type ExampleShape, type JsonSchema } from './schema-example.js';

/**
 * The request bodies of the API reference: each route's zod body schema (the one its handler
 * parses with and API Gateway's request model is built from) as an OpenAPI 3.1 component, and an
 * example built from that schema that the same zod schema accepts.
 */
export interface RequestBodies {
  /** JSON Schema 2020-12 components, by component name. */
  components: Record<string, JsonSchema>;
  /** The component of a route's body. */
  componentOf(route: RouteDefinition): string | undefined;
  /** An example of the route's body that its schema accepts (the route's own, else one built from the schema); undefined when none could be built. */
  exampleOf(route: RouteDefinition): unknown;
}

/** create-customer → CreateCustomerRequest. */
export function requestComponentName(functionName: string): string {
  return `${functionName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Request`;
}

export function requestBodies(routes: readonly RouteDefinition[]): RequestBodies {
  // A schema several routes share is one component, named after the first route using it.
  const names = new Map<z.ZodMiniType, string>();
  const registry = z.registry<{ id: string }>();
  for (const route of routes) {
    if (!route.requestBody || names.has(route.requestBody)) continue;
    const name = requestComponentName(route.function);
    names.set(route.requestBody, name);
    registry.add(route.requestBody, { id: name });
  }
  // One conversion of all bodies together: a body that embeds another (an onboarding embeds a
  // customer) refers to that one's component instead of repeating it.
  const converted = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const components = Object.fromEntries(Object.entries(converted.schemas).map(([name, schema]) => [name, withoutDocumentKeywords(schema)]));
  const resolve = (ref: string) => components[ref.replace('#/components/schemas/', '')];

  const examples = new Map<z.ZodMiniType, unknown>();
  for (const [schema, name] of names) {
    const component = components[name]!;
    const optional = Object.keys((component.properties ?? {}) as object).filter((property) => !((component.required ?? []) as string[]).includes(property));
    const shapes: ExampleShape[] = ['complete', 'minimal', ...optional.map((property) => ({ plus: property }))];
    const valid = shapes.map((shape) => exampleOf(component, resolve, shape)).find((candidate) => schema.safeParse(candidate).success);
    if (valid !== undefined) examples.set(schema, valid);
  }

  return {
    components,
    componentOf: (route) => (route.requestBody ? names.get(route.requestBody) : undefined),
    exampleOf: (route) => (route.requestBody ? (route.requestExample ?? examples.get(route.requestBody)) : undefined),
  };
}

/** `$schema` and `$id` belong to a standalone schema; inside an OpenAPI document the document's dialect and location apply. */
function withoutDocumentKeywords(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}
