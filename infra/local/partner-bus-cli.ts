import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { parsePartnerBusArn } from '../aws/partner-subscriptions.js';
import { LocalEventBridgeService } from './eventbridge-service.js';

/**
 * `npm run partner-bus -- --bus <partner bus ARN> [--port 4010]`: a partner's event bus on this
 * machine, answering EventBridge's API as the partner's account would, and printing every event
 * it receives as one JSON line. Start `npm start` with `--partner-buses` naming this endpoint
 * (docs/events.md, "Partners") and the BSS forwards the partner events the subscription allows.
 */
const { values } = parseArgs({ options: { bus: { type: 'string' }, port: { type: 'string', default: '4010' } } });
if (!values.bus) {
  process.stderr.write('give the partner bus ARN: npm run partner-bus -- --bus arn:aws:events:<region>:<account>:event-bus/<name> [--port 4010]\n');
  process.exit(2);
}
const { region, account, busName } = (() => {
  try {
    return parsePartnerBusArn(values.bus!);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
const bus = new LocalEventBridgeService({
  busName,
  accountId: account,
  region,
  rules: [{ name: 'print', description: 'every event received', pattern: { account: [account] }, target: { kind: 'function', name: 'print' } }],
  deliver: async (_target, event) => {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  },
});
const server = createServer(bus.requestListener);
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  process.stderr.write(`partner bus ${bus.busArn} at http://127.0.0.1:${port}; npm start -- --partner-buses '[{"bus":"${bus.busArn}","events":["OrderCompleted"],"endpoint":"http://127.0.0.1:${port}"}]'\n`);
});
