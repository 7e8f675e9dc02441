import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { applyMergePatch } from '../../domain/shared/merge-patch.js';
import { correctUsage, readUsageRecord, recycledInto, usageCorrectionAccess, usagePatchSchema } from '../../domain/usage/usage.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { DuplicateUsageError, findUsage, recycleUsage, replaceUsage, storedUsageToStore } from '../lib/store/usage-store.js';
import { guideUsageRecords, rearmAccountsOfLateUsage, usageToStore } from './usage-guiding.js';

/**
 * TMF635 PATCH /usage/{id} (JSON merge patch, If-Match), staff only: corrects a `rejected`
 * record's date, type, description or characteristics, and guides it again (docs/usage.md,
 * "Corrections"). A rated or billed record cannot be corrected (409 USAGE_NOT_CORRECTABLE): it
 * may already be on a bill. When the correction still names the record's own product (its
 * derived id is unchanged), or names no known product, the record is replaced in place: 200,
 * rated or rejected with the new reason. When it names a product the record's id does not come
 * from, the record lives on under that product's id: the new record is stored and this one
 * becomes `recycled` pointing at it, in one transaction (201 with the new record; 409
 * DUPLICATE_USAGE when that product already has the record).
 */
async function patchUsage({ event, principal }: ApiRequest) {
  requireStaff(principal, 'correct usage');
  const id = event.pathParameters?.id ?? '';
  const patch = parseBody(event, 'merge-patch', usagePatchSchema);
  requireWritable(principal, usageCorrectionAccess, patch, 'usage');
  const stored = await findUsage(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('usage', id);
  checkIfMatch(event, stored.version);
  if (stored.usage.status !== 'rejected') {
    throw ApiError.conflict('USAGE_NOT_CORRECTABLE', `usage ${id} is ${stored.usage.status}: only a rejected record can be corrected, since a rated one may already be on a bill`);
  }

  const { usageDate, usageType, description, usageCharacteristic } = stored.usage;
  const corrected = applyMergePatch({ usageDate, usageType, ...(description !== undefined ? { description } : {}), usageCharacteristic }, patch);
  const [guided] = await guideUsageRecords([readUsageRecord(corrected)]);
  const { outcome, now } = guided!;

  if (guided!.id === id || outcome.product === undefined) {
    const usage = correctUsage(stored.usage, guided!.record, outcome, now);
    const version = await replaceUsage(usageToStore({ ...guided!, id }, usage), stored.version).catch((error: unknown) => {
      throw staleWriteError(event, error);
    });
    await rearmAccountsOfLateUsage([guided!]);
    metrics.addMetric(usage.status === 'rated' ? 'UsageCorrected' : 'UsageRejected', MetricUnit.Count, 1);
    return jsonResponse(200, usage, { ETag: etagOf(version) });
  }

  const replacement = usageToStore(guided!);
  // The old record's last change is an instant of its own customer, who may live on another clock than the new product's.
  const oldClockId = stored.usage.testClock?.id;
  const oldNow = oldClockId === outcome.product.testClockId ? now : await customerNow(oldClockId);
  const recycled = storedUsageToStore(stored, recycledInto(stored.usage, replacement.usage.id, oldNow));
  await recycleUsage(recycled, stored.version, replacement).catch((error: unknown) => {
    if (error instanceof DuplicateUsageError) {
      throw new ApiError(409, 'DUPLICATE_USAGE', 'Conflict', `${error.message}: ${replacement.usage.href}; correct that record instead`, [
        { field: 'usageCharacteristic', problem: `names the product and record id of usage ${error.existingId}` },
      ]);
    }
    throw staleWriteError(event, error);
  });
  await rearmAccountsOfLateUsage([guided!]);
  metrics.addMetric('UsageRecycled', MetricUnit.Count, 1);
  return jsonResponse(201, replacement.usage, { Location: replacement.usage.href, ETag: etagOf(1) });
}

export const handler = apiHandler(patchUsage);
