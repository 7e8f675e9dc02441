import { describe, expect, it } from 'vitest';
import { customerTimelineExample, customerTimelineSchema, timelineBound, timelineCursor, timelinePosition } from '../../../../domain/customers/customer-timeline.js';

/** Where an entry sits in a customer's timeline, and the `before` of a page (domain/customers/customer-timeline.ts). */
describe('timeline positions', () => {
  it('are the UTC instant with milliseconds, then the event id: they sort as the instants do, whatever the precision written', () => {
    expect(timelinePosition('2027-02-01T11:00:00Z', 'evt-1')).toBe('2027-02-01T11:00:00.000Z#evt-1');
    const earlier = timelinePosition('2027-02-01T11:00:00Z', 'evt-z');
    const later = timelinePosition('2027-02-01T11:00:00.5Z', 'evt-a');
    expect(earlier < later).toBe(true);
  });
});

describe('the before of a page', () => {
  it('an instant, with or without an offset: every entry strictly before it', () => {
    expect(timelineBound('2027-02-01T12:00:00+01:00')).toBe('2027-02-01T11:00:00.000Z');
    expect(timelineBound('2027-02-01T11:00:00.000Z')).toBe('2027-02-01T11:00:00.000Z');
    // The bound sorts before every entry of that instant, so none of them is in the page.
    expect('2027-02-01T11:00:00.000Z' < timelinePosition('2027-02-01T11:00:00.000Z', '0')).toBe(true);
  });

  it("the previous page's next: the position it ended at, travelling as a plain query value", () => {
    const position = timelinePosition('2027-02-01T11:00:00.000Z', '7e2a4b6c-8d1f-4e3a-b5c7-9d0e1f2a3b4c');
    const cursor = timelineCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(timelineBound(cursor)).toBe(position);
  });

  it.each(['', 'yesterday', '2027-02-30T25:00:00Z', '2027-02-01', timelineCursor('not a position'), timelineCursor('2027-02-01T11:00:00.000Z'), 'a#b', 'x'.repeat(401)])('refuses %j', (before) => {
    expect(timelineBound(before)).toBeUndefined();
  });
});

describe("the API reference's example", () => {
  it('is an answer the schema accepts, its next the position of its last entry', () => {
    expect(customerTimelineSchema.safeParse(customerTimelineExample).success).toBe(true);
    const last = customerTimelineExample.events.at(-1)!;
    expect(timelineBound(customerTimelineExample.next!)).toBe(timelinePosition(last.occurredAt, last.eventId));
  });
});
