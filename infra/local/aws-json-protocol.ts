import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Content types of the AWS JSON protocols: Step Functions speaks awsJson1_0, EventBridge awsJson1_1. */
export const awsJson1_0 = 'application/x-amz-json-1.0';
export const awsJson1_1 = 'application/x-amz-json-1.1';

/** An error a service answers in the AWS JSON shape `{ __type, message }`; the SDK clients raise it by `__type`. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }

  /** The wire body. */
  toJSON(): { __type: string; message: string } {
    return { __type: this.code, message: this.message };
  }
}

/**
 * Reads a request body as JSON (AWS JSON protocols always send an object; an empty body is `{}`).
 * Throws an AwsServiceError: 413 ValidationException above maxBytes, SerializationException if the body is not JSON.
 */
export async function readJson(request: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AwsServiceError('ValidationException', 'Request body too large', 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AwsServiceError('SerializationException', 'Request body is not valid JSON');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, contentType: string): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(payload);
}

export function sendAwsError(response: ServerResponse, error: AwsServiceError, contentType: string): void {
  sendJson(response, error.status, error.toJSON(), contentType);
}

/** AWS JSON protocols send timestamps as epoch seconds. */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}
