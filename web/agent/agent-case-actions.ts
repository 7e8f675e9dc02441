import type { CaseStatus } from '../shared/api-types.js';

/**
 * The status changes an agent may make from each status, and which need a reason
 * (docs/support-cases.md, "The lifecycle"). The API decides; the desktop offers only what it
 * would accept. web/test/agent-case-actions.test.ts keeps this equal to the domain's lifecycle,
 * which the app cannot import.
 */
const agentMoves: Record<CaseStatus, readonly CaseStatus[]> = {
  submitted: ['acknowledged', 'rejected', 'cancelled'],
  acknowledged: ['inProgress', 'rejected', 'cancelled'],
  inProgress: ['pending', 'held', 'resolved', 'cancelled'],
  pending: ['inProgress', 'resolved', 'cancelled'],
  held: ['inProgress', 'resolved', 'cancelled'],
  resolved: ['closed', 'inProgress'],
  closed: [],
  cancelled: [],
  rejected: [],
};

export const agentNextStatuses = (from: CaseStatus): readonly CaseStatus[] => agentMoves[from];

/** What the customer should send (pending), what the case waits for (held), how it was solved, why it is refused, what is still wrong when reopened. */
export const reasonRequired = (from: CaseStatus, to: CaseStatus): boolean =>
  to === 'pending' || to === 'held' || to === 'resolved' || to === 'rejected' || (from === 'resolved' && to === 'inProgress');
