import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { parsePartnerBusArn, partnerForwardingPattern, partnerSubscriptionsOf, type PartnerSubscription } from '../aws/partner-subscriptions.js';
import type { BusEvent } from './eventbridge-service.js';

/**
 * Partner buses locally (docs/events.md, "Partners"): the subscriptions the `partnerEventBuses`
 * context declares on AWS, each with the endpoint where its bus answers EventBridge's API on
 * this machine (`npm run partner-bus`, or any EventBridge-compatible endpoint), so a partner can
 * develop against `npm start` and receive what its account would.
 */
export interface LocalPartnerBus extends PartnerSubscription {
  /** Where the partner's bus answers PutEvents, e.g. http://127.0.0.1:4010. */
  endpoint: string;
}

/** A rule of the local bus that forwards to a partner bus, as the CDK's partner rule does. */
export interface PartnerBusTarget {
  kind: 'partner-bus';
  /** The partner bus ARN. */
  name: string;
  endpoint: string;
}

const example = '[{"bus":"arn:aws:events:eu-west-1:111122223333:event-bus/partner","events":["OrderCompleted"],"endpoint":"http://127.0.0.1:4010"}]';

/** Reads `--partner-buses` (or BSS_PARTNER_BUSES): a JSON list of subscriptions with their local endpoints. */
export function localPartnerBusesOf(value: string | undefined): LocalPartnerBus[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`partner buses: not JSON; give a list such as ${example}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`partner buses: give a list such as ${example}`);
  const subscriptions = partnerSubscriptionsOf(parsed.map((entry: { bus?: unknown; events?: unknown }) => ({ bus: entry?.bus, events: entry?.events })));
  return subscriptions.map((subscription, index) => {
    parsePartnerBusArn(subscription.bus);
    const endpoint = (parsed as { endpoint?: unknown }[])[index]?.endpoint;
    if (typeof endpoint !== 'string' || !/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) {
      throw new Error(`partner buses[${index}]: give the endpoint where the partner's bus answers, e.g. http://127.0.0.1:4010 (${example})`);
    }
    return { ...subscription, endpoint: endpoint.replace(/\/$/, '') };
  });
}

/** One forwarding rule per partner bus, named and matched as on AWS. */
export function partnerForwardingRules(buses: readonly LocalPartnerBus[]): { name: string; description: string; pattern: Record<string, unknown>; target: PartnerBusTarget }[] {
  return buses.map((bus) => {
    const { account, busName } = parsePartnerBusArn(bus.bus);
    return {
      name: `partner-${account}-${busName}`,
      description: `Forwards the partner events ${bus.bus} may receive`,
      pattern: partnerForwardingPattern(bus.events),
      target: { kind: 'partner-bus', name: bus.bus, endpoint: bus.endpoint },
    };
  });
}

const clients = new Map<string, EventBridgeClient>();

/**
 * Puts the event on the partner's bus as bus-to-bus delivery does: the same source, detail-type,
 * detail, time and resources. A refused entry throws, so the local bus retries it and, past its
 * attempts, dead-letters it, as the partner rule's retry policy and queue do on AWS.
 */
export async function putOnPartnerBus(target: PartnerBusTarget, event: BusEvent): Promise<void> {
  const { region } = parsePartnerBusArn(target.name);
  let client = clients.get(target.endpoint);
  if (!client) {
    // The partner's endpoint on this machine takes any credentials, as DynamoDB Local does.
    client = new EventBridgeClient({ endpoint: target.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    clients.set(target.endpoint, client);
  }
  const answer = await client.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: target.name, Source: event.source, DetailType: event['detail-type'], Detail: JSON.stringify(event.detail), Time: new Date(event.time), Resources: event.resources }],
    }),
  );
  const refused = answer.Entries?.[0];
  if ((answer.FailedEntryCount ?? 0) > 0) throw new Error(`the partner bus ${target.name} refused the event: ${refused?.ErrorCode ?? 'unknown'} ${refused?.ErrorMessage ?? ''}`.trim());
}
