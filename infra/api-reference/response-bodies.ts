import * as z from '../../domain/shared/zod.js';
import type { RouteDefinition } from '../topology.js';
import type { JsonSchema } from './schema-example.js';

/**
 * The success answers of extension routes that declare theirs (`response` in the topology): the
 * zod schema as an OpenAPI 3.1 component, with the route's example, as the route's `200`. TMF
 * routes take theirs from the TM Forum specifications (tmf-operations.ts).
 */
export interface ResponseBodies {
  /** JSON Schema 2020-12 components, by component name. */
  components: Record<string, JsonSchema>;
  /** The route's OpenAPI responses, or undefined when it declares none. */
  responsesOf(route: RouteDefinition): Record<string, Record<string, unknown>> | undefined;
}

/** get-usage-summary → GetUsageSummaryResponse. */
export function responseComponentName(functionName: string): string {
  return `${functionName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Response`;
}

export function responseBodies(routes: readonly RouteDefinition[]): ResponseBodies {
  const components: Record<string, JsonSchema> = {};
  for (const route of routes) {
    if (!route.response) continue;
    const { $schema: _dialect, $id: _id, ...schema } = z.toJSONSchema(route.response.schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema;
    components[responseComponentName(route.function)] = schema;
  }
  return {
    components,
    responsesOf: (route) =>
      route.response
        ? {
            '200': {
              description: route.response.description,
              ...(route.response.headers
                ? { headers: Object.fromEntries(Object.entries(route.response.headers).map(([name, header]) => [name, { description: header.description, schema: { type: 'string' }, example: header.example }])) }
                : {}),
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${responseComponentName(route.function)}` }, example: route.response.example } },
            },
          }
        : undefined,
  };
}
