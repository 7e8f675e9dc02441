import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJson } from '../infra/local/aws-json-protocol.js';

/**
 * What a function's first invocation talks to in the init bench: one loopback endpoint
 * (AWS_ENDPOINT_URL) answering every DynamoDB, EventBridge and Step Functions call with the
 * smallest successful answer (no item, an empty page, every event accepted, an execution
 * started). The invocation then runs the use case's cold path (validation, the SDK's first
 * signed request and its parsing) without a table behind it; what it answers is reported so a
 * reader sees which path ran (404 for a read of a missing item, 201 for a create).
 */
export interface AwsEndpointStub {
  url: string;
  close(): Promise<void>;
}

function answerFor(target: string, body: Record<string, unknown>): Record<string, unknown> {
  const operation = target.slice(target.indexOf('.') + 1);
  switch (operation) {
    case 'Query':
    case 'Scan':
      return { Items: [], Count: 0, ScannedCount: 0 };
    case 'BatchGetItem':
      return { Responses: {}, UnprocessedKeys: {} };
    case 'BatchWriteItem':
      return { UnprocessedItems: {} };
    case 'TransactGetItems':
      return { Responses: ((body.TransactItems as unknown[] | undefined) ?? []).map(() => ({})) };
    case 'PutEvents':
      return { FailedEntryCount: 0, Entries: ((body.Entries as unknown[] | undefined) ?? []).map(() => ({ EventId: randomUUID() })) };
    case 'CreateConnection':
      return { ConnectionArn: `arn:aws:events:us-east-1:000000000000:connection/${String(body.Name)}/${randomUUID()}`, ConnectionState: 'AUTHORIZED' };
    case 'CreateApiDestination':
      return { ApiDestinationArn: `arn:aws:events:us-east-1:000000000000:api-destination/${String(body.Name)}/${randomUUID()}`, ApiDestinationState: 'ACTIVE' };
    case 'PutTargets':
      return { FailedEntryCount: 0, FailedEntries: [] };
    case 'StartExecution':
      return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:bench:${randomUUID()}`, startDate: Date.now() / 1000 };
    default:
      return {};
  }
}

export async function startAwsEndpointStub(): Promise<AwsEndpointStub> {
  const server: Server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (!target) {
      request.resume();
      response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>not in the bench stub</Message></Error>');
      return;
    }
    const body = await readJson(request);
    response.writeHead(200, { 'content-type': String(request.headers['content-type'] ?? 'application/x-amz-json-1.0') }).end(JSON.stringify(answerFor(target, body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
