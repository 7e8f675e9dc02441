import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { SupportCaseNoteAdded, SupportCaseStatusChanged, SupportCaseUpdated } from '../../domain/events/support-case-events.js';
import { supportCasePatchSchema, updateSupportCase } from '../../domain/support-cases/case-update.js';
import { customerIdOfCase, supportCaseSnapshot } from '../../domain/support-cases/support-case.js';
import { supportCasePatchAccess } from '../../domain/support-cases/support-case-write-access.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findSupportCase, updateSupportCaseItem } from '../lib/store/support-case-store.js';
import { eventActorOf, requireCaseVisible } from './support-case-access.js';

/**
 * TMF621 PATCH /troubleTicket/{id} (JSON merge patch, If-Match): the agents work the case
 * (acknowledge, inProgress, pending, held, resolved, closed, rejected), the customer withdraws,
 * confirms or reopens it, and both add notes (`note` lists the notes to add). Who may make which
 * status change is the lifecycle's rule (409 SUPPORT_CASE_LIFECYCLE otherwise). Every change
 * takes the customer's instant; each status change is a SupportCaseStatusChanged, which tells the
 * customer, each note a SupportCaseNoteAdded, written with the case in one transaction.
 */
async function updateCase({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const patch = parseBody(event, 'merge-patch', supportCasePatchSchema);
  requireWritable(principal, supportCasePatchAccess, patch, 'troubleTicket');
  const stored = await findSupportCase(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('troubleTicket', id);
  const actor = requireCaseVisible(principal, stored.supportCase);
  checkIfMatch(event, stored.version);

  const { testClockId } = stored;
  const now = await customerNow(testClockId);
  const update = updateSupportCase(stored.supportCase, patch, actor, now);
  if (update.supportCase === stored.supportCase) return jsonResponse(200, stored.supportCase, { ETag: etagOf(stored.version) });

  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const snapshot = supportCaseSnapshot(update.supportCase, testClockId);
  const by = eventActorOf(principal);
  const clock = testClockId !== undefined ? { testClockId } : {};
  const events: DomainEvent[] = [
    ...(update.changedAttributes.length > 0 ? [SupportCaseUpdated.create({ supportCase: snapshot, changedAttributes: update.changedAttributes, changedBy: by }, origin())] : []),
    ...update.notesAdded.map((note) =>
      SupportCaseNoteAdded.create({ supportCaseId: id, customerId: customerIdOfCase(update.supportCase), noteId: note.id, authorRole: note.authorRole, date: note.date, addedBy: by, ...clock }, origin()),
    ),
    ...(update.statusChange ? [SupportCaseStatusChanged.create({ supportCase: snapshot, ...update.statusChange, changedAt: now, changedBy: by }, origin())] : []),
  ];
  const version = await updateSupportCaseItem(update.supportCase, stored.version, events).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  if (update.statusChange) metrics.addMetric('SupportCaseStatusChanges', MetricUnit.Count, 1);
  if (update.notesAdded.length > 0) metrics.addMetric('SupportCaseNotesAdded', MetricUnit.Count, update.notesAdded.length);
  return jsonResponse(200, update.supportCase, { ETag: etagOf(version) });
}

export const handler = apiHandler(updateCase);
