import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from '../../domain/shared/zod.js';
import { requireAdmin } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import type { ApiRequest, UseCase } from '../lib/http/api-handler.js';
import { creationUseCaseName, idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { insertCatalogResource, type CatalogKind } from '../lib/store/catalog-store.js';
import { catalogWriteContext, type CatalogResource, type CatalogWrite, type CatalogWriteContext } from './catalog-http.js';

/**
 * POST /<resource> for admins (catalog-http.ts has the other use cases): parse → `create`
 * (references, domain rules) → one transaction with the events → 201 with Location and ETag
 * W/"1". With an Idempotency-Key the first answer is replayed (records under
 * IDEMPOTENCY#create-<kind in kebab case>).
 *
 * A module of its own because of the `import()` in idempotency.ts: esbuild makes a chunk of
 * every module a bundle's files `import()`, even when tree shaking drops the call (esbuild
 * issue #3704), and splits what that chunk shares with the entry into chunks the entry imports.
 * Beside the other use cases, every catalog GET, list, PATCH and DELETE function loaded two
 * files more at init for it (test/infra/lambda-bundles.test.ts keeps every chunk imported).
 */
export function catalogCreateUseCase<TSchema extends z.ZodMiniType, T extends CatalogResource>(options: {
  kind: CatalogKind;
  createSchema: TSchema;
  create: (input: z.infer<TSchema>, context: CatalogWriteContext & { id: string }) => Promise<CatalogWrite<T>>;
}): UseCase {
  const { kind, createSchema, create } = options;
  return idempotentOnKey(creationUseCaseName(kind), async ({ event, principal, correlationId }: ApiRequest) => {
    requireAdmin(principal, 'change the product catalog');
    const input = parseBody(event, 'create', createSchema);
    const now = systemClock.now();
    const { resource, events = [], listAttributes } = await create(input, { ...catalogWriteContext(now, correlationId), id: newId() });
    await insertCatalogResource(kind, resource, now, events, listAttributes);
    metrics.addMetric(`${kind}Created`, MetricUnit.Count, 1);
    return jsonResponse(201, resource, { Location: resource.href, ETag: etagOf(1) });
  });
}
