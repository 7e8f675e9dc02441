import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from '../../domain/shared/zod.js';
import { accountRecordName, type AccountRecordKind } from '../../domain/accounts/account-record.js';
import { referenceCountChanges } from '../../domain/accounts/billing-account-references.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import type { ApiRequest, UseCase } from '../lib/http/api-handler.js';
import { creationUseCaseName, idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { insertAccountRecord, referenceCountUpdates } from '../lib/store/account-record-store.js';
import type { RecordWrite, RecordWriteContext, StoredRecord } from './account-record-http.js';

/**
 * POST /<record> for staff (account-record-http.ts has the other use cases): parse → `create`
 * (references read and checked) → one write (with the counts of the records it refers to) →
 * 201 with Location and ETag W/"1". With an Idempotency-Key the first answer is replayed
 * (records under IDEMPOTENCY#create-<kind>). A module of its own so that the other use cases'
 * functions carry no `import()` (functions/catalog/catalog-create-use-case.ts says why).
 */
export function accountRecordCreateUseCase<TSchema extends z.ZodMiniType, T extends StoredRecord>(options: {
  kind: AccountRecordKind;
  createSchema: TSchema;
  create: (input: z.infer<TSchema>, context: RecordWriteContext & { id: string }) => Promise<RecordWrite<T>> | RecordWrite<T>;
}): UseCase {
  const { kind, createSchema, create } = options;
  const name = accountRecordName(kind);
  return idempotentOnKey(creationUseCaseName(kind), async ({ event, principal }: ApiRequest) => {
    requireStaff(principal, `create ${name} records`);
    const input = parseBody(event, 'create', createSchema);
    const now = systemClock.now();
    const { resource, references = [] } = await create(input, { id: newId(), now, references: 0 });
    await insertAccountRecord(kind, resource, now, referenceCountUpdates(referenceCountChanges([], references)));
    metrics.addMetric(`${kind}Created`, MetricUnit.Count, 1);
    return jsonResponse(201, resource, { Location: resource.href, ETag: etagOf(1) });
  });
}
