import { toIso } from '../../domain/billing/billing-calendar.js';
import { ratingAttributesOf } from '../../domain/usage/usage.js';
import { maxRecordsPerPeriod, type UsageSummaryRecord, type UsageSummaryWindow } from '../../domain/usage/usage-summary.js';
import { usageOfProductDated, type DatedUsage } from '../lib/store/usage-store.js';

/**
 * A product's records in one period of a usage summary (docs/usage.md, "Usage summary"), as the
 * summary reads them: one bounded Query of the product's records by date (gsi1, from the period's
 * start to its last instant), at most `maxRecordsPerPeriod`, saying whether more were left. The
 * usage summary and the account overview (docs/billing.md, "Account overview") read through here.
 */
export async function recordsInWindow(productId: string, window: UsageSummaryWindow): Promise<{ window: UsageSummaryWindow; records: UsageSummaryRecord[]; more: boolean }> {
  const read = await usageOfProductDated(productId, { from: toIso(window.start), upTo: toIso(window.last) }, maxRecordsPerPeriod);
  return { window, records: read.records.map(summaryRecordOf), more: read.more };
}

function summaryRecordOf(stored: DatedUsage): UsageSummaryRecord {
  const { attributes } = ratingAttributesOf(stored.usage);
  return { id: stored.usage.id, usageDate: stored.usage.usageDate, status: stored.usage.status, quantity: stored.quantity, unit: stored.unit, ...(attributes ? { attributes } : {}) };
}
