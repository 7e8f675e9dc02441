import * as z from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/** Events of revenue recognition, source bss.revenue (docs/revenue-recognition.md). */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

/**
 * A ledger's month was closed: its journal entries and its balances at the month's end are
 * written, and nothing more can be booked in it. Per currency, what the month moved (signed:
 * billed into deferred revenue, credited back out, recognized out of deferred, written off as
 * bad debt) and the deferred revenue left at its end.
 */
export const RevenueMonthClosed = /* @__PURE__ */ defineEvent({
  source: 'bss.revenue',
  detailType: 'RevenueMonthClosed',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    /** `live`, or `test-clock-<id>`. */
    ledger: z.string(),
    month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
    testClockId: z.optional(z.string()),
    journalEntryCount: z.int().check(z.nonnegative()),
    totals: z.array(z.object({ currency: z.string(), billed: money, credited: money, recognized: money, badDebt: money, deferredAtEnd: money })),
  })),
});
