/**
 * A usage record's statuses (docs/usage.md, "Statuses"), apart from the record's rules so that
 * what only reads them (the usage summary, the web apps' types) needs nothing else of usage.ts.
 *
 *   received ─► guided ─► rated ─► billed          (the first two pass within the request)
 *        └────► rejected ─(corrected)─► rated, or recycled into the record of another product
 */
export const usageStatuses = ['received', 'rejected', 'recycled', 'guided', 'rated', 'rerated', 'billed'] as const;
export type UsageStatus = (typeof usageStatuses)[number];

/**
 * The records billing charges: rated ones wait for their bill, billed ones are on it (and count
 * again when late usage re-rates their period). Rejected and recycled records count for nothing;
 * `received` and `guided` are never stored.
 */
export const chargedUsageStatuses: readonly UsageStatus[] = ['rated', 'rerated', 'billed'];
export const isChargedUsage = (status: UsageStatus): boolean => chargedUsageStatuses.includes(status);
