import { partnerDetailTypes, partnerEventSource } from '../../domain/events/partner-events.js';

/**
 * A partner's subscription (the `partnerEventBuses` context, docs/events.md "Partners"): the
 * partner's bus, and the partner detail-types it is entitled to. Nothing is forwarded to a bus
 * that names no detail-type, so a partner gets only what was decided for it.
 */
export interface PartnerSubscription {
  readonly bus: string;
  readonly events: readonly string[];
}

const example = '[{"bus":"arn:aws:events:<region>:<account>:event-bus/<name>","events":["OrderCompleted","CustomerBillIssued"]}]';

/** Reads the context value (a JSON list, from cdk.json or `-c`), refusing any entry that does not name its bus and allowed events. */
export function partnerSubscriptionsOf(value: unknown): PartnerSubscription[] {
  if (value === undefined || value === null || value === '') return [];
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) throw new Error(`context partnerEventBuses: expected a JSON list such as ${example}`);
  return parsed.map((entry: unknown, index) => {
    const subscription = entry as Partial<PartnerSubscription> | null;
    if (typeof subscription !== 'object' || subscription === null || typeof subscription.bus !== 'string' || !Array.isArray(subscription.events) || subscription.events.length === 0) {
      throw new Error(`context partnerEventBuses[${index}]: give the partner's bus and the events it may receive, e.g. ${example}`);
    }
    const unknown = subscription.events.filter((detailType) => !partnerDetailTypes.includes(String(detailType)));
    if (unknown.length > 0) {
      throw new Error(`context partnerEventBuses[${index}]: ${unknown.join(', ')}: not ${unknown.length === 1 ? 'a partner event' : 'partner events'}; partners may receive ${partnerDetailTypes.join(', ')}`);
    }
    return { bus: subscription.bus, events: [...new Set(subscription.events.map(String))] };
  });
}

/**
 * What a partner's forwarding rule matches: partner events (never domain events) of the
 * detail-types it may receive. The same pattern on AWS (infra/aws/event-bus.ts) and locally
 * (infra/local/partner-buses.ts).
 */
export function partnerForwardingPattern(detailTypes: readonly string[]): { source: string[]; 'detail-type': string[] } {
  return { source: [partnerEventSource], 'detail-type': [...detailTypes] };
}

/** The account and bus name of a partner bus ARN, refusing anything else. */
export function parsePartnerBusArn(arn: string): { region: string; account: string; busName: string } {
  const match = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/([A-Za-z0-9._\-/]+)$/.exec(arn);
  if (!match) throw new Error(`partnerEventBuses: "${arn}" is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>)`);
  return { region: match[1]!, account: match[2]!, busName: match[3]! };
}
