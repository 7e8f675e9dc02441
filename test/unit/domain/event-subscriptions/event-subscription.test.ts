import { describe, expect, it } from 'vitest';
import { hubSubscriptionCreateSchema, registerSubscription } from '../../../../domain/event-subscriptions/event-subscription.js';
import { ownersReceiving } from '../../../../domain/event-subscriptions/subscription-owner.js';
import { eventTypesOf } from '../../../../domain/event-subscriptions/tmf-events.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const customer = { kind: 'customer', customerId: 'c-1' } as const;
const onAws = { allowLocal: false };

describe('hub subscriptions', () => {
  it('take a callback and a query, nothing else', () => {
    expect(hubSubscriptionCreateSchema.safeParse({ callback: 'https://a.example/' }).success).toBe(true);
    expect(hubSubscriptionCreateSchema.safeParse({ callback: 'https://a.example/', secret: 'mine' }).success).toBe(false);
  });

  it('are registered as TMF EventSubscriptions under their API', () => {
    const { subscription, otherCustomersNamed } = registerSubscription(
      { callback: 'https://a.example/', query: 'eventType=ProductOrderStateChangeEvent' },
      { id: 's-1', api: 'productOrderingManagement', eventTypes: eventTypesOf('productOrderingManagement'), owner: customer, policy: onAws },
    );
    expect(subscription).toEqual({
      id: 's-1',
      href: '/tmf-api/productOrderingManagement/v4/hub/s-1',
      callback: 'https://a.example/',
      query: 'eventType=ProductOrderStateChangeEvent',
      '@type': 'EventSubscription',
    });
    expect(otherCustomersNamed).toEqual([]);
  });

  it('refuse a callback the policy refuses, naming the field', () => {
    const register = () => registerSubscription({ callback: 'https://10.0.0.1/' }, { id: 's', api: 'customerManagement', eventTypes: eventTypesOf('customerManagement'), owner: customer, policy: onAws });
    expect(register).toThrow(InvalidInputError);
    expect(register).toThrow('callback must not be a private');
  });

  it("say which other customers a customer's query names; staff may name any", () => {
    const input = { callback: 'https://a.example/', query: 'event.productOrder.relatedParty.id=c-1,c-2' };
    expect(registerSubscription(input, { id: 's', api: 'productOrderingManagement', eventTypes: eventTypesOf('productOrderingManagement'), owner: customer, policy: onAws }).otherCustomersNamed).toEqual(['c-2']);
    expect(registerSubscription(input, { id: 's', api: 'productOrderingManagement', eventTypes: eventTypesOf('productOrderingManagement'), owner: { kind: 'staff' }, policy: onAws }).otherCustomersNamed).toEqual([]);
  });

  it("go to staff's subscriptions and the customer's the event is about; the catalog's to staff's only", () => {
    expect(ownersReceiving('c-1')).toEqual([{ kind: 'staff' }, customer]);
    expect(ownersReceiving(undefined)).toEqual([{ kind: 'staff' }]);
  });
});
