import { signatureOf } from './event-signature.js';
import type { TmfEvent } from './tmf-events.js';

/**
 * How a hub event travels to a callback (docs/events.md, "Hub subscriptions"). The delivery
 * function signs the TMF event for each subscription that selects it and puts the signed
 * delivery on the hub's own bus (not the domain bus: its archive would keep signed requests that
 * a replay of it would send again, and its rule quota is the topology's). The subscription's own
 * rule hands it to the subscription's API destination, which POSTs `detail.event` to the
 * callback with `detail.signature` as the signature header, retries it with back-off, and
 * dead-letters it into a queue the dead-letter function empties. EventBridge (on AWS) and the
 * local runtime's bus both do the sending: no function waits on a callback.
 */
export const hubDeliverySource = 'bss.hub';
export const hubDeliveryDetailType = 'HubEventDelivery';

/**
 * The header each delivery carries with its subscription's id: the API key of the
 * subscription's connection, so a listener with several subscriptions knows whose secret to
 * verify with. It authenticates nothing: the signature does.
 */
export const subscriptionHeader = 'X-BSS-Hub-Subscription';

/** The detail of a delivery on the bus. */
export interface HubDelivery {
  subscriptionId: string;
  /** The X-BSS-Signature value, over `event` exactly as the callback receives it. */
  signature: string;
  event: TmfEvent;
}

/** What the API destination target sends: the detail's event as the body, its signature as the header. */
export const deliveredBodyPath = '$.detail.event';
export const deliveredSignaturePath = '$.detail.signature';

/**
 * The body a callback receives: compact JSON of the TMF event, keys in the order built. The bus
 * serializes the InputPath's object the same way, and the signature is over these bytes.
 */
export const deliveredBodyOf = (event: TmfEvent): string => JSON.stringify(event);

/** The delivery of `event` to one subscription, signed now. */
export function hubDeliveryOf(subscriptionId: string, secret: string, event: TmfEvent, nowSeconds: number): HubDelivery {
  return { subscriptionId, signature: signatureOf(secret, nowSeconds, deliveredBodyOf(event)), event };
}

/** The pattern of a subscription's rule: its deliveries and nothing else. */
export const hubDeliveryPattern = (subscriptionId: string) => ({
  source: [hubDeliverySource],
  'detail-type': [hubDeliveryDetailType],
  detail: { subscriptionId: [subscriptionId] },
});

/**
 * How long and how often the bus tries a callback. A delivery is signed once, when it is put on
 * the bus, and its retries repeat that signature: the documented verifier refuses a signature
 * older than 5 minutes, so the bus stops trying before then and the event is dead-lettered,
 * where a staff replay signs it anew.
 */
export interface HubRetryPolicy {
  /** Retries after the first attempt (EventBridge: 0 to 185). */
  maximumRetryAttempts: number;
  /** How long after the delivery was put on the bus it is still tried (EventBridge: 60 s at least). */
  maximumEventAgeSeconds: number;
}

/** The verifier snippet's default tolerance for a signature's age (docs/events.md). */
export const signatureToleranceSeconds = 300;

export const defaultHubRetryPolicy: HubRetryPolicy = { maximumRetryAttempts: 5, maximumEventAgeSeconds: 240 };

/** Reads BSS_HUB_MAX_RETRY_ATTEMPTS and BSS_HUB_MAX_EVENT_AGE_SECONDS: the defaults when unset, refused when out of range. */
export function parseHubRetryPolicy(attempts: string | undefined, ageSeconds: string | undefined): HubRetryPolicy {
  const policy = {
    maximumRetryAttempts: attempts === undefined || attempts.trim() === '' ? defaultHubRetryPolicy.maximumRetryAttempts : Number(attempts),
    maximumEventAgeSeconds: ageSeconds === undefined || ageSeconds.trim() === '' ? defaultHubRetryPolicy.maximumEventAgeSeconds : Number(ageSeconds),
  };
  if (!Number.isInteger(policy.maximumRetryAttempts) || policy.maximumRetryAttempts < 0 || policy.maximumRetryAttempts > 185) {
    throw new Error(`BSS_HUB_MAX_RETRY_ATTEMPTS must be a whole number from 0 to 185, not ${attempts}`);
  }
  if (!Number.isInteger(policy.maximumEventAgeSeconds) || policy.maximumEventAgeSeconds < 60 || policy.maximumEventAgeSeconds >= signatureToleranceSeconds) {
    throw new Error(`BSS_HUB_MAX_EVENT_AGE_SECONDS must be whole seconds from 60 to ${signatureToleranceSeconds - 1} (a retry must still verify), not ${ageSeconds}`);
  }
  return policy;
}

/**
 * The name of a subscription's connection, API destination and rule: the deployment's prefix
 * and the subscription id, within EventBridge's 64 characters of `[.-_A-Za-z0-9]`. Every
 * resource the create function makes carries the prefix, which is what its permissions allow.
 */
export function hubResourceNameOf(prefix: string, subscriptionId: string): string {
  const name = `${prefix}${subscriptionId}`;
  if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) throw new Error(`the hub resource name ${name} is not an EventBridge name (64 characters of [.-_A-Za-z0-9] at most)`);
  return name;
}

const isTmfEvent = (value: unknown): value is TmfEvent => {
  const event = value as Partial<TmfEvent> | null;
  return typeof event?.eventId === 'string' && typeof event.eventType === 'string' && typeof event.event === 'object' && event.event !== null;
};

/**
 * The delivery a dead-letter message holds: EventBridge puts the bus event there (a signed
 * delivery); should it put the target's input instead (the TMF event its InputPath selected),
 * the subscription is the one the rule is named after (`<prefix><subscription id>`, RULE_ARN).
 * Undefined when the message is neither.
 */
export function deadLetteredDeliveryOf(body: unknown, ruleArn: string | undefined): { subscriptionId: string; event: TmfEvent } | undefined {
  const busEvent = body as { source?: unknown; 'detail-type'?: unknown; detail?: Partial<HubDelivery> } | null;
  if (busEvent?.source === hubDeliverySource && busEvent['detail-type'] === hubDeliveryDetailType) {
    const { subscriptionId, event } = busEvent.detail ?? {};
    return typeof subscriptionId === 'string' && isTmfEvent(event) ? { subscriptionId, event } : undefined;
  }
  const subscriptionId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(ruleArn ?? '')?.[1];
  return subscriptionId !== undefined && isTmfEvent(body) ? { subscriptionId, event: body } : undefined;
}

/** How many attempts a dead-lettered delivery had, from the dead-letter message's RETRY_ATTEMPTS (at least the first one). */
export const attemptsOf = (retryAttempts: string | undefined): number => {
  const retries = Number(retryAttempts);
  return Number.isInteger(retries) && retries >= 0 ? retries + 1 : 1;
};
