import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from '../../../domain/shared/zod.js';
import { ApiError } from './api-error.js';
import { bodyMediaTypes, type BodyKind } from './media-types.js';

/** Customer and account documents are small; anything bigger is a mistake or an attack. */
export const maxBodyBytes = 64 * 1024;


export function headerOf(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/**
 * Reads a JSON body the way every command needs it: right media type (415), within the
 * size limit (413), well-formed JSON and valid against the schema (400 naming each field).
 */
export function parseBody<TSchema extends z.ZodMiniType>(event: APIGatewayProxyEvent, kind: BodyKind, schema: TSchema, options: { maxBytes?: number } = {}): z.infer<TSchema> {
  const contentType = headerOf(event, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType || !(bodyMediaTypes[kind] as readonly string[]).includes(mediaType)) throw ApiError.unsupportedMediaType(contentType);
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const limit = options.maxBytes ?? maxBodyBytes;
  if (Buffer.byteLength(raw, 'utf8') > limit) throw ApiError.payloadTooLarge(limit);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw ApiError.badRequest('the body is not valid JSON', [{ field: '(body)', problem: 'malformed JSON' }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys.join(', ') : '';
      return { field: keys ? [path, keys].filter(Boolean).join('.') : path || '(body)', problem: issue.message };
    });
    throw ApiError.badRequest(`the body is invalid: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);
  }
  return parsed.data;
}
