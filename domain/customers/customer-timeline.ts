import * as z from '../shared/zod.js';

/**
 * A customer's timeline (docs/api.md, "Customer timeline"): what happened to the customer, one
 * entry per domain event about it, for the agent desktop. This module is what the read side
 * needs (the path, the bounds, the answer's shape, where an entry sits in the timeline);
 * customer-timeline-events.ts says which events are on it and how each is told.
 */

export const customerTimelinePath = '/customers/v1/customer/{id}/timeline';

export const defaultTimelineLimit = 50;
export const maxTimelineLimit = 100;

/**
 * How long an entry is kept, counted from the event's instant (`occurredAt`), after which the
 * table's TTL removes it: a little over a year, so an agent sees the last twelve months whole,
 * a year-on-year question included. Counted from the event, not from when it was indexed, so
 * a redelivery or a rebuild from the bus archive writes the same item. A customer on a test
 * clock counts from the clock's instants: entries of a clock set more than 400 days in the
 * past are removed within a day or two of being written.
 */
export const timelineRetentionDays = 400;

/** What an entry links to: the resource the event is about, as `@referredType` names it, with its href where the API serves it. */
export interface TimelineResource {
  type: string;
  id: string;
  href?: string;
}

export interface TimelineEntry {
  eventId: string;
  /** The event's own instant: a customer on a test clock gets the clock's instants. */
  occurredAt: string;
  source: string;
  detailType: string;
  /** One plain-English line (customer-timeline-events.ts). */
  summary: string;
  resource: TimelineResource;
}

/**
 * Where an entry sits in its customer's timeline: its instant in UTC with milliseconds (so
 * positions sort as the instants do, whatever precision the event wrote), then its event id,
 * which orders the entries of one instant.
 */
export function timelinePosition(occurredAt: string, eventId: string): string {
  return `${new Date(Date.parse(occurredAt)).toISOString()}#${eventId}`;
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const positionPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[\x21-\x7e]{1,200}$/;
const cursorPattern = /^[A-Za-z0-9_-]{1,400}$/;

/**
 * The `next` of a page: the position of its last entry, opaque (base64url) so that it travels
 * in a query string as it is, without the `#` a URL would cut it at.
 */
export function timelineCursor(position: string): string {
  // Positions are printable ASCII, which btoa takes as it is (and which runs wherever the type is read: the web apps too).
  return btoa(position).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromCursor(cursor: string): string | undefined {
  try {
    return atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return undefined;
  }
}

/**
 * The bound of a page asked for `before` something: an ISO 8601 instant (every entry strictly
 * before it), or the `next` of the previous page (every entry after the position it names,
 * newest first). Undefined when it is neither.
 */
export function timelineBound(before: string): string | undefined {
  if (instantPattern.test(before)) {
    const at = Date.parse(before);
    // An instant sorts before every position at that instant: `<instant>` < `<instant>#<eventId>`.
    return Number.isNaN(at) ? undefined : new Date(at).toISOString();
  }
  if (!cursorPattern.test(before)) return undefined;
  const position = fromCursor(before);
  return position !== undefined && positionPattern.test(position) ? position : undefined;
}

const timelineResourceSchema = /* @__PURE__ */ z.lazy(() => z.object({ type: z.string(), id: z.string(), href: z.optional(z.string()) }));

/** The answer of GET /customers/v1/customer/{id}/timeline, as the API reference publishes it. */
export const customerTimelineSchema = /* @__PURE__ */ z.lazy(() => z.object({
  events: z.array(
    z.object({
      eventId: z.string(),
      occurredAt: z.iso.datetime(),
      source: z.string(),
      detailType: z.string(),
      summary: z.string(),
      resource: timelineResourceSchema,
    }),
  ),
  /** Present when older entries follow: pass it as `before` for the next page. */
  next: z.optional(z.string()),
}));
export type CustomerTimeline = z.infer<typeof customerTimelineSchema>;

export const customerTimelineExample: CustomerTimeline = {
  events: [
    {
      eventId: '0b6f1c2e-7d4a-4c1b-9e3f-5a2d8c7b6e41',
      occurredAt: '2027-02-01T11:00:00.000Z',
      source: 'bss.collections',
      detailType: 'PaymentReceived',
      summary: 'Payment of 25.00 EUR received by card',
      resource: { type: 'Payment', id: '5c1d9e2a-3b4f-4a6e-8d7c-1f2e3a4b5c6d', href: '/tmf-api/paymentManagement/v4/payment/5c1d9e2a-3b4f-4a6e-8d7c-1f2e3a4b5c6d' },
    },
    {
      eventId: '7e2a4b6c-8d1f-4e3a-b5c7-9d0e1f2a3b4c',
      occurredAt: '2027-02-01T11:00:00.000Z',
      source: 'bss.billing',
      detailType: 'CustomerBillIssued',
      summary: 'Bill 2027-000123 issued, 25.00 EUR',
      resource: { type: 'CustomerBill', id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d-2027-02-01', href: '/tmf-api/customerBillManagement/v4/customerBill/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d-2027-02-01' },
    },
  ],
  next: 'MjAyNy0wMi0wMVQxMTowMDowMC4wMDBaIzdlMmE0YjZjLThkMWYtNGUzYS1iNWM3LTlkMGUxZjJhM2I0Yw',
};
