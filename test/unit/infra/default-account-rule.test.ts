import { describe, expect, it } from 'vitest';
import { CustomerCreated } from '../../../domain/events/customer-events.js';
import { OnboardingStarted } from '../../../domain/events/onboarding-events.js';
import { matchesEventPattern } from '../../../infra/local/event-pattern.js';
import { eventRules } from '../../../infra/topology.js';

const origin = { eventId: 'evt-1', occurredAt: '2026-03-01T09:00:00.000Z', correlationId: 'corr-1' };
const customer = { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada', status: 'Initialized', email: 'ada@example.com', preferences: {} };

/** The event as EventBridge matches it: the envelope with the published detail. */
function onTheBus(event: { source: string; detailType: string; detail: unknown }) {
  return { version: '0', id: 'eb-1', source: event.source, 'detail-type': event.detailType, account: '000000000000', time: origin.occurredAt, region: 'us-east-1', resources: [], detail: event.detail };
}

const rule = (name: string) => eventRules.find((candidate) => candidate.name === name)!.pattern;

/**
 * A customer under credit check is not yet eligible for a default billing account: the
 * CustomerCreated an onboarding records carries its onboardingId, and the rule that opens
 * default accounts matches only CustomerCreated events without one.
 */
describe('which events start which state machine', () => {
  it('a plain CustomerCreated opens the default billing account', () => {
    const created = CustomerCreated.create({ customer }, origin);
    expect(matchesEventPattern(rule('customer-created-opens-default-billing-account'), onTheBus(created))).toBe(true);
  });

  it('a CustomerCreated from an onboarding does not', () => {
    const created = CustomerCreated.create({ customer, onboardingId: 'onb-1' }, origin);
    expect(matchesEventPattern(rule('customer-created-opens-default-billing-account'), onTheBus(created))).toBe(false);
  });

  it('OnboardingStarted runs the onboarding state machine, and nothing else', () => {
    const started = onTheBus(OnboardingStarted.create({ onboardingId: 'onb-1', href: '/onboarding/v1/onboarding/onb-1', withFirstOrder: false }, origin));
    expect(eventRules.filter((candidate) => matchesEventPattern(candidate.pattern, started)).map((candidate) => candidate.target)).toEqual([
      { kind: 'state-machine', name: 'onboarding' },
    ]);
  });
});
