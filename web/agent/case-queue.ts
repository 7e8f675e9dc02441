import type { CaseStatus } from '../shared/api-types.js';
import type { CaseQueueFilter } from './agent-paths.js';

/** The cases someone still has to act on: every status before resolved (docs/support-cases.md). */
export const openCaseStatuses: readonly CaseStatus[] = ['submitted', 'acknowledged', 'inProgress', 'pending', 'held'];

const dayMs = 86_400_000;

/**
 * The TMF621 list query of a queue filter: `status` as a comma list (TMF630's "or"), `severity`,
 * and the age as `creationDate.lt`, counted back from `now`.
 */
export function caseQueueQuery(filter: CaseQueueFilter, now: Date): Record<string, string> {
  const query: Record<string, string> = {};
  if (filter.status === 'open') query.status = openCaseStatuses.join(',');
  else if (filter.status !== 'all') query.status = filter.status;
  if (filter.severity) query.severity = filter.severity;
  if (filter.olderThanDays > 0) query['creationDate.lt'] = new Date(now.getTime() - filter.olderThanDays * dayMs).toISOString();
  return query;
}
