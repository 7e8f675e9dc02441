import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { awsJson1_0, sendJson } from '../aws-json-protocol.js';
import type { FaultInjector } from './fault-injector.js';

const errorType = (name: string) => `com.amazonaws.dynamodb.v20120810#${name}`;

/**
 * Sits between the handlers and DynamoDB Local when a fault profile is on: answers some
 * requests as DynamoDB does when it throttles (ProvisionedThroughputExceededException, which the
 * SDK retries) or when a transaction meets another on the same item (TransactionCanceledException
 * with a TransactionConflict reason, which it does not), before they reach the table; forwards the
 * rest unchanged. On the wire, so the SDK's own retry logic is what gets exercised.
 */
export class DynamoDbFaultProxy {
  private readonly server: Server;
  private readonly target: URL;

  constructor(
    targetEndpoint: string,
    private readonly faults: FaultInjector,
  ) {
    this.target = new URL(targetEndpoint);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { __type: errorType('InternalServerError'), message: `fault proxy: ${(error as Error).message}` }, awsJson1_0);
        else response.destroy();
      });
    });
  }

  /** Listens on a free loopback port; resolves to the endpoint handlers should use. */
  start(): Promise<string> {
    return new Promise((resolveEndpoint, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolveEndpoint(`http://127.0.0.1:${(this.server.address() as { port: number }).port}`));
    });
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
    if (operation !== '' && this.faults.strikes('dynamoDbThrottle')) {
      sendJson(response, 400, { __type: errorType('ProvisionedThroughputExceededException'), message: `injected fault: ${operation} throttled` }, awsJson1_0);
      return;
    }
    if (operation === 'TransactWriteItems' && this.faults.strikes('transactionConflict')) {
      const items = (JSON.parse(body.toString('utf8')) as { TransactItems?: unknown[] }).TransactItems?.length ?? 1;
      const reasons = Array.from({ length: items }, (_, index) => (index === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item (injected fault)' } : { Code: 'None' }));
      sendJson(
        response,
        400,
        {
          __type: errorType('TransactionCanceledException'),
          Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
          CancellationReasons: reasons,
        },
        awsJson1_0,
      );
      return;
    }
    await new Promise<void>((done, fail) => {
      const upstream = forward(
        { host: this.target.hostname, port: this.target.port, method: request.method, path: request.url, headers: { ...request.headers, host: this.target.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.once('end', done);
          answer.once('error', fail);
        },
      );
      upstream.once('error', fail);
      upstream.end(body);
    });
  }
}
