import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attemptsOf,
  deadLetteredDeliveryOf,
  defaultHubRetryPolicy,
  deliveredBodyOf,
  hubDeliveryOf,
  hubDeliveryPattern,
  hubResourceNameOf,
  parseHubRetryPolicy,
  signatureToleranceSeconds,
} from '../../../../domain/event-subscriptions/hub-delivery.js';
import { signatureOf } from '../../../../domain/event-subscriptions/event-signature.js';

const event = { eventId: 'evt-1', eventTime: '2026-03-01T10:00:00.000Z', eventType: 'ProductOrderStateChangeEvent', event: { productOrder: { id: 'o-1', href: '/o-1', '@type': 'ProductOrder', state: 'completed' } } };

describe('hub deliveries', () => {
  it('sign the body the callback receives (the compact JSON of the TMF event) for one subscription', () => {
    const delivery = hubDeliveryOf('s-1', 'secret', event, 1_700_000_000);
    expect(delivery).toEqual({ subscriptionId: 's-1', event, signature: signatureOf('secret', 1_700_000_000, deliveredBodyOf(event)) });
    expect(deliveredBodyOf(event)).toBe(JSON.stringify(event));
    // The bus serializes the detail's event as JSON.parse then stringify would: the signed bytes survive the trip.
    expect(JSON.stringify(JSON.parse(JSON.stringify(delivery)).event)).toBe(deliveredBodyOf(event));
  });

  it("are matched by their subscription's rule only", () => {
    expect(hubDeliveryPattern('s-1')).toEqual({ source: ['bss.hub'], 'detail-type': ['HubEventDelivery'], detail: { subscriptionId: ['s-1'] } });
  });
});

describe('hub retry policy', () => {
  it('is the default unless set, and stops before the verifier would refuse a retry of the signature', () => {
    expect(parseHubRetryPolicy(undefined, ' ')).toEqual(defaultHubRetryPolicy);
    expect(defaultHubRetryPolicy.maximumEventAgeSeconds).toBeLessThan(signatureToleranceSeconds);
    expect(parseHubRetryPolicy('0', '60')).toEqual({ maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 });
    expect(parseHubRetryPolicy('185', '299')).toEqual({ maximumRetryAttempts: 185, maximumEventAgeSeconds: 299 });
  });

  it('refuses what EventBridge refuses, and an age the signature would not outlive', () => {
    for (const attempts of ['-1', '186', '2.5', 'many']) expect(() => parseHubRetryPolicy(attempts, undefined)).toThrow('BSS_HUB_MAX_RETRY_ATTEMPTS must be a whole number from 0 to 185');
    for (const age of ['59', '300', '86400', 'soon']) expect(() => parseHubRetryPolicy(undefined, age)).toThrow('BSS_HUB_MAX_EVENT_AGE_SECONDS must be whole seconds from 60 to 299');
  });

  it('counts the attempts of a dead letter from the retries EventBridge reports, at least one', () => {
    expect(attemptsOf('2')).toBe(3);
    expect(attemptsOf('0')).toBe(1);
    expect(attemptsOf(undefined)).toBe(1);
    expect(attemptsOf('-3')).toBe(1);
  });
});

describe('hub resource names', () => {
  it("are the deployment's prefix and the subscription id, within EventBridge's names", () => {
    expect(hubResourceNameOf('bss-dev-hub-', '5b0c8a1e-2f4d-5c6b-8a9e-1d2c3b4a5f60')).toBe('bss-dev-hub-5b0c8a1e-2f4d-5c6b-8a9e-1d2c3b4a5f60');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.uuid(), (stage, id) => {
        expect(hubResourceNameOf(`bss-${stage}-hub-`, id)).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
      }),
    );
  });

  it('refuse a name EventBridge would refuse', () => {
    expect(() => hubResourceNameOf('a-very-long-prefix-for-a-stage-name-', '5b0c8a1e-2f4d-5c6b-8a9e-1d2c3b4a5f60')).toThrow('is not an EventBridge name');
    expect(() => hubResourceNameOf('bss/hub-', 'x')).toThrow('is not an EventBridge name');
  });
});

describe('dead-lettered deliveries', () => {
  const id = '5b0c8a1e-2f4d-4c6b-8a9e-1d2c3b4a5f60';
  const rule = `arn:aws:events:eu-west-1:111122223333:rule/bss-hub-dev/bss-dev-hub-${id}`;

  it('are read from the bus event EventBridge dead-letters, or from the TMF event with the subscription its rule is named after', () => {
    const delivery = hubDeliveryOf(id, 'secret', event, 1_700_000_000);
    expect(deadLetteredDeliveryOf({ source: 'bss.hub', 'detail-type': 'HubEventDelivery', detail: delivery }, rule)).toEqual({ subscriptionId: id, event });
    expect(deadLetteredDeliveryOf(event, rule)).toEqual({ subscriptionId: id, event });
  });

  it('are nothing when the message is neither', () => {
    expect(deadLetteredDeliveryOf({ source: 'bss.hub', 'detail-type': 'HubEventDelivery', detail: { subscriptionId: id } }, rule)).toBeUndefined();
    expect(deadLetteredDeliveryOf({ source: 'bss.orders', 'detail-type': 'OrderStateChanged', detail: {} }, rule)).toBeUndefined();
    expect(deadLetteredDeliveryOf(event, 'arn:aws:events:eu-west-1:111122223333:rule/bss-hub-dev/another-rule')).toBeUndefined();
    expect(deadLetteredDeliveryOf(null, rule)).toBeUndefined();
  });
});
