import { createServer } from 'node:http';
import { LocalEventBridgeService, type BusEvent } from '../../infra/local/eventbridge-service.js';

/** The partner bus the test runtime forwards to (BSS_PARTNER_BUSES): a partner account's bus, on this machine. */
export const testPartnerBusArn = 'arn:aws:events:eu-west-1:111122223333:event-bus/test-partner';
/** What the test partner subscribes to: one partner event, so the journeys can see another is not sent. */
export const testPartnerEvents = ['CustomerCreated'];

/**
 * A partner's bus answering EventBridge's API, as `npm run partner-bus` does, which also lists
 * what it received at GET /_partner/events for the tests to look at.
 */
export async function startTestPartnerBus(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const received: BusEvent[] = [];
  const bus = new LocalEventBridgeService({
    busName: 'test-partner',
    accountId: '111122223333',
    region: 'eu-west-1',
    rules: [{ name: 'keep', description: 'every event received', pattern: { account: ['111122223333'] }, target: { kind: 'function', name: 'keep' } }],
    deliver: async (_target, event) => {
      received.push(event);
    },
  });
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/_partner/events') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    bus.requestListener(request, response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
