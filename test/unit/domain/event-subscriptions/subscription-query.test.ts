import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerIdsNamed, matchesQuery, parseSubscriptionQuery } from '../../../../domain/event-subscriptions/subscription-query.js';
import type { TmfEvent } from '../../../../domain/event-subscriptions/tmf-events.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const orderTypes = ['ProductOrderCreateEvent', 'ProductOrderStateChangeEvent'];
const event = (eventType: string, state: string, customerId = 'c-1'): TmfEvent => ({
  eventId: 'e',
  eventTime: '2026-01-01T00:00:00.000Z',
  eventType,
  event: { productOrder: { id: 'o-1', href: '/o', '@type': 'ProductOrder', state, relatedParty: [{ id: customerId, href: '/c', role: 'Customer', '@referredType': 'Customer' }] } },
});

describe('hub subscription queries', () => {
  it('select by event type, with alternatives', () => {
    const clauses = parseSubscriptionQuery('eventType=ProductOrderStateChangeEvent', orderTypes);
    expect(matchesQuery(clauses, event('ProductOrderStateChangeEvent', 'completed'))).toBe(true);
    expect(matchesQuery(clauses, event('ProductOrderCreateEvent', 'acknowledged'))).toBe(false);
    const both = parseSubscriptionQuery('eventType=ProductOrderCreateEvent,ProductOrderStateChangeEvent', orderTypes);
    expect(matchesQuery(both, event('ProductOrderCreateEvent', 'acknowledged'))).toBe(true);
  });

  it('select by a path into the event, through lists, every clause at once', () => {
    const clauses = parseSubscriptionQuery('eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed,failed', orderTypes);
    expect(matchesQuery(clauses, event('ProductOrderStateChangeEvent', 'failed'))).toBe(true);
    expect(matchesQuery(clauses, event('ProductOrderStateChangeEvent', 'inProgress'))).toBe(false);
    const byParty = parseSubscriptionQuery('event.productOrder.relatedParty.id=c-2', orderTypes);
    expect(matchesQuery(byParty, event('ProductOrderCreateEvent', 'acknowledged', 'c-2'))).toBe(true);
    expect(matchesQuery(byParty, event('ProductOrderCreateEvent', 'acknowledged', 'c-1'))).toBe(false);
    expect(matchesQuery(parseSubscriptionQuery('event.productOrder=x', orderTypes), event('ProductOrderCreateEvent', 'x'))).toBe(false);
  });

  it('match everything when empty, and URL-decode names and values', () => {
    expect(parseSubscriptionQuery('', orderTypes)).toEqual([]);
    expect(parseSubscriptionQuery('event.productOrder.state=in%20progress', orderTypes)).toEqual([{ path: ['event', 'productOrder', 'state'], values: ['in progress'] }]);
    expect(parseSubscriptionQuery('?eventType = ProductOrderCreateEvent, ProductOrderStateChangeEvent', orderTypes)).toEqual([{ path: ['eventType'], values: orderTypes }]);
  });

  it.each([
    ['eventType=CustomerCreateEvent', 'publishes no CustomerCreateEvent'],
    ['state=completed', 'neither eventType nor a path'],
    ['event.__proto__.x=1', 'neither eventType nor a path'],
    ['eventType', 'is not name=value'],
    ['eventType=', 'empty value'],
    ['event.a=%E0%A4%A', 'not URL-encoded'],
    [Array.from({ length: 11 }, () => 'event.a=1').join('&'), 'at most 10 clauses'],
  ])('refuse %s', (query, message) => {
    expect(() => parseSubscriptionQuery(query, orderTypes)).toThrow(InvalidInputError);
    expect(() => parseSubscriptionQuery(query, orderTypes)).toThrow(message);
  });

  it("name the customers a query asks about, by a related party's id or the customer's own", () => {
    expect(customerIdsNamed(parseSubscriptionQuery('event.productOrder.relatedParty.id=c-1,c-2&eventType=ProductOrderCreateEvent', orderTypes))).toEqual(['c-1', 'c-2']);
    expect(customerIdsNamed(parseSubscriptionQuery('event.customer.id=c-3', []))).toEqual(['c-3']);
  });

  it('never throw on any string but InvalidInputError, and match an event by the state it names', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (query) => {
        try {
          parseSubscriptionQuery(query, orderTypes);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((state) => !state.includes(',') && state.trim() === state && state !== ''), (state) => {
        const clauses = parseSubscriptionQuery(`event.productOrder.state=${encodeURIComponent(state)}`, orderTypes);
        expect(matchesQuery(clauses, event('ProductOrderStateChangeEvent', state))).toBe(true);
      }),
    );
  });
});
