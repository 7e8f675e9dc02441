import type { RouteDefinition } from '../topology.js';
import type { OpenApiParameter } from './openapi-document.js';
import type { JsonSchema } from './schema-example.js';

/**
 * What the TM Forum specifications the API is shaped on (specs/tmf/, swagger 2.0, unmodified)
 * say of a route: its success answers and TMF query parameters, with the resource schemas they
 * name turned into OpenAPI 3.1 components. The answers of a TMF route are those schemas (the
 * tests validate every answer against them, test/support/tmf-schema.ts), so the reference
 * takes them from the same files rather than describing them again.
 */
export interface TmfOperation {
  /** e.g. TMF629 */
  api: string;
  /** Success answers by status, as OpenAPI 3.1 response objects. */
  responses: Record<string, Record<string, unknown>>;
  /** The query parameters the specification declares (fields, offset, limit), as OpenAPI 3.1 parameters. */
  queryParameters: OpenApiParameter[];
}

interface SwaggerParameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
  type?: string;
}

interface SwaggerOperation {
  parameters?: SwaggerParameter[];
  responses: Record<string, { description: string; schema?: JsonSchema; headers?: Record<string, { description?: string; type: string }> }>;
}

interface Specification {
  api: string;
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, JsonSchema>;
}

const tmfPath = /^\/tmf-api\/[^/]+\/v\d+(\/.*)$/;

/** Answers for routes from the given specifications (file name → swagger document, see tmf-specifications.ts). */
export class TmfOperations {
  private readonly specifications: Specification[];
  /** Definitions the operations found so far refer to, as component name → schema. */
  private readonly used = new Map<string, JsonSchema>();

  constructor(specifications: Readonly<Record<string, unknown>>) {
    this.specifications = Object.entries(specifications)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, document]) => {
        const swagger = document as Omit<Specification, 'api'>;
        return { api: file.split('-')[0]!, basePath: swagger.basePath, paths: swagger.paths, definitions: swagger.definitions };
      });
  }

  /**
   * The specification's operation for a route under /tmf-api/<api>/v4/: first in the file whose
   * base path is the route's, else in the one file that has the path at all (TMF676 declares
   * /payment/v4/ as its base, we serve it under /tmf-api/paymentManagement/v4/). Undefined for
   * a route no specification has (our extensions, such as a bill's document).
   */
  operationFor(route: RouteDefinition): TmfOperation | undefined {
    const match = tmfPath.exec(route.path);
    if (!match) return undefined;
    const resourcePath = shapeOf(match[1]!);
    const method = route.method.toLowerCase();
    const withPath = this.specifications.filter((specification) =>
      Object.entries(specification.paths).some(([path, operations]) => shapeOf(path) === resourcePath && operations[method] !== undefined),
    );
    const specification = withPath.find((candidate) => route.path.startsWith(candidate.basePath)) ?? (withPath.length === 1 ? withPath[0] : undefined);
    if (!specification) return undefined;
    const operation = Object.entries(specification.paths).find(([path]) => shapeOf(path) === resourcePath)![1][method]!;
    return {
      api: specification.api,
      responses: this.successResponses(specification, operation),
      queryParameters: (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter): OpenApiParameter => ({
          name: parameter.name,
          in: 'query',
          required: parameter.required ?? false,
          ...(parameter.description ? { description: parameter.description } : {}),
          schema: { type: parameter.type ?? 'string' },
        })),
    };
  }

  /** Every definition an operation handed out so far refers to, directly or through others. */
  components(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.used].sort(([a], [b]) => a.localeCompare(b)));
  }

  private successResponses(specification: Specification, operation: SwaggerOperation): Record<string, Record<string, unknown>> {
    const responses: Record<string, Record<string, unknown>> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!/^2\d\d$/.test(status)) continue;
      responses[status] = {
        description: response.description,
        ...(response.headers
          ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, header]) => [name, { ...(header.description ? { description: header.description } : {}), schema: { type: header.type } }])) }
          : {}),
        ...(response.schema ? { content: { 'application/json': { schema: this.converted(specification, response.schema) } } } : {}),
      };
    }
    return responses;
  }

  /** A swagger schema with its `#/definitions/X` refs pointing at components, the definitions it reaches added to them. */
  private converted(specification: Specification, schema: JsonSchema): JsonSchema {
    return rewriteRefs(schema, (definition) => this.use(specification, definition)) as JsonSchema;
  }

  private use(specification: Specification, definition: string): string {
    const name = `${specification.api}.${definition}`;
    if (!this.used.has(name)) {
      const source = specification.definitions[definition];
      if (!source) throw new Error(`${specification.api} refers to a definition it lacks: ${definition}`);
      // Registered before converting, so a definition that refers to itself ends the walk.
      this.used.set(name, {});
      this.used.set(name, this.converted(specification, source));
    }
    return `#/components/schemas/${name}`;
  }
}

/** /customer/{id} and /customer/{customerId} are the same resource path. */
function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '');
}

function rewriteRefs(node: unknown, target: (definition: string) => string): unknown {
  if (Array.isArray(node)) return node.map((element) => rewriteRefs(element, target));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) return [key, target(value.slice('#/definitions/'.length))];
      return [key, rewriteRefs(value, target)];
    }),
  );
}
