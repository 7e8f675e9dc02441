import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SupportCaseOpened } from '../../domain/events/support-case-events.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { InvalidInputError } from '../../domain/shared/domain-errors.js';
import { relatedEntityKey, resolveRelatedEntities, type FoundEntity, type RelatedEntityInput } from '../../domain/support-cases/case-related-entities.js';
import { customerIdForNewCase, openSupportCase, supportCaseCreateSchema, supportCaseSnapshot } from '../../domain/support-cases/support-case.js';
import { supportCaseCreateAccess } from '../../domain/support-cases/support-case-write-access.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findBill } from '../lib/store/bill-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { findProducts } from '../lib/store/product-store.js';
import { insertSupportCase } from '../lib/store/support-case-store.js';
import { caseActorOf, eventActorOf } from './support-case-access.js';

/**
 * TMF621 POST /troubleTicket: a customer opens a case about its products or bills (staff open
 * one for a customer, naming it in relatedParty). The case is `submitted` until an agent
 * acknowledges it, dated at the customer's instant (its test clock's when it lives on one),
 * and SupportCaseOpened is recorded with it, which tells the customer the case was received.
 * An Idempotency-Key replays the first answer.
 */
async function openCase({ event, principal, correlationId }: ApiRequest) {
  const actor = caseActorOf(principal);
  if (actor === undefined) throw ApiError.forbidden('only customers and staff open support cases');
  const input = parseBody(event, 'create', supportCaseCreateSchema);
  requireWritable(principal, supportCaseCreateAccess, input, 'troubleTicket');
  const customerId = customerIdForNewCase(input, { actor, ...(principal.customerId !== undefined ? { customerId: principal.customerId } : {}) });

  const [customer, found] = await Promise.all([findCustomer(customerId), relatedEntitiesOf(input.relatedEntity ?? [])]);
  if (!customer) {
    if (actor === 'customer') throw ApiError.notFound('customer', customerId);
    throw new InvalidInputError(`customer ${customerId} does not exist`, [{ field: 'relatedParty', problem: `no customer ${customerId}` }]);
  }
  const relatedEntity = resolveRelatedEntities(input.relatedEntity ?? [], found, customerId);
  const testClockId = customer.customer.testClock?.id;
  const now = await customerNow(testClockId);

  const supportCase = openSupportCase(input, { id: newId(), customer: { id: customerId, name: customer.customer.name }, actor, relatedEntity }, now);
  const opened = SupportCaseOpened.create({ supportCase: supportCaseSnapshot(supportCase, testClockId), openedBy: eventActorOf(principal) }, { eventId: newId(), occurredAt: now, correlationId });
  await insertSupportCase(supportCase, testClockId, [opened]);
  metrics.addMetric('SupportCasesOpened', MetricUnit.Count, 1);
  return jsonResponse(201, supportCase, { Location: supportCase.href, ETag: etagOf(1) });
}

/** What the store has for each reference (owner and name), by relatedEntityKey: bills one GetItem each, products one BatchGetItem. */
async function relatedEntitiesOf(inputs: readonly RelatedEntityInput[]): Promise<Map<string, FoundEntity>> {
  const billIds = [...new Set(inputs.filter((input) => input['@referredType'] === 'CustomerBill').map((input) => input.id))];
  const productIds = [...new Set(inputs.filter((input) => input['@referredType'] === 'Product').map((input) => input.id))];
  const [bills, products] = await Promise.all([Promise.all(billIds.map((id) => findBill(id))), productIds.length > 0 ? findProducts(productIds) : new Map()]);
  const found = new Map<string, FoundEntity>();
  for (const stored of bills) {
    if (stored) found.set(relatedEntityKey('CustomerBill', stored.bill.id), { ownerCustomerId: stored.customerId, name: stored.bill.billNo ?? stored.bill.id });
  }
  for (const stored of products.values()) {
    found.set(relatedEntityKey('Product', stored.product.id), { ownerCustomerId: ownerCustomerIdOfProduct(stored.product), name: stored.product.name });
  }
  return found;
}

export const handler = apiHandler(idempotentOnKey('open-support-case', openCase));
