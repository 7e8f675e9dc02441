import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { expect } from 'vitest';
import { lambdaContext } from './lambda-context.js';
import { expectValidTmf, tmf629 } from './tmf-schema.js';

export interface Answer<T = any> {
  statusCode: number;
  headers: Record<string, string>;
  body: T;
}

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Invokes a REST proxy handler the way Lambda does and parses its JSON body. */
export async function invoke<T = any>(handler: ApiHandler, event: APIGatewayProxyEvent, context: Context = lambdaContext()): Promise<Answer<T>> {
  const result = await handler(event, context);
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { statusCode: result.statusCode, headers, body: result.body ? JSON.parse(result.body) : undefined };
}

/**
 * The answer is a TMF error with this status and code: code/reason/message/status present,
 * `status` the HTTP status as a string, a JSON content type, and a body valid against the
 * TMF Error definition of `file`.
 */
export function expectTmfError(answer: Answer, status: number, code: string, file = tmf629): void {
  expect({ statusCode: answer.statusCode, code: answer.body?.code }).toEqual({ statusCode: status, code });
  expect(answer.body).toEqual(
    expect.objectContaining({ code, reason: expect.any(String), message: expect.any(String), status: String(status), '@type': 'Error' }),
  );
  expect(answer.body.reason.length).toBeGreaterThan(0);
  expect(answer.body.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(answer.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expectValidTmf(file, 'Error', answer.body);
}

/** The fields a 400 names in its details. */
export const detailFields = (answer: Answer): string[] => (answer.body?.details ?? []).map((detail: { field: string }) => detail.field);
