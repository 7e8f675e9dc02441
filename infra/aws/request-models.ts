import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as z from '../../domain/shared/zod.js';

/**
 * The API Gateway request model of a body schema: the handler's zod schema as JSON Schema
 * draft 4 (the only draft API Gateway reads). `pattern` and `format` are left out on purpose:
 * API Gateway evaluates regular expressions in its own dialect, and the handler checks them
 * with zod anyway; the gateway's job is the structure (types, required and unknown
 * attributes, lengths, enums), so a malformed body never costs a Lambda invocation.
 */
export function requestModelSchema(schema: z.ZodMiniType): apigateway.JsonSchema {
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-04', io: 'input', unrepresentable: 'any' });
  return withoutDialectSpecifics(jsonSchema) as apigateway.JsonSchema;
}

/** `examples` (zod `.meta`, for the API reference) is not a draft-4 keyword either. */
const leftOut = new Set(['pattern', 'format', 'examples']);

function withoutDialectSpecifics(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDialectSpecifics);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !leftOut.has(key))
      .map(([key, value]) => [key, key === 'properties' ? mapValues(value, withoutDialectSpecifics) : withoutDialectSpecifics(value)]),
  );
}

/** `properties` maps attribute names to schemas: an attribute named "pattern" stays. */
function mapValues(record: unknown, map: (value: unknown) => unknown): unknown {
  if (record === null || typeof record !== 'object') return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
