import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isOpenBill } from '../../domain/collections/bill-settlement.js';
import { deletionBlockers, deletionRefusalMessage, eraseBillingAccount, eraseCustomer, erasureAuditEntry, erasureStatusReason, isErased } from '../../domain/customers/customer-erasure.js';
import type { Customer } from '../../domain/customers/customer.js';
import { primaryEmail } from '../../domain/customers/email.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { BillingAccountStateChanged, CustomerErased, CustomerStatusChanged } from '../../domain/events/customer-events.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { writerRoleOf } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { listBills } from '../lib/store/bill-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { billingAccountsToClose, eraseCustomerRecords } from '../lib/store/customer-erasure-store.js';
import { listProductOrders } from '../lib/store/product-order-store.js';
import { productsOfCustomer } from '../lib/store/product-store.js';

/** Every item of the customer's partition of gsi2 for that kind: list helpers read page after page, a Query each. */
const everything = { filters: [], offset: 0, limit: Number.MAX_SAFE_INTEGER };

const noContent = () => ({ statusCode: 204, headers: {}, body: '' });

/** The e-mail its guard holds, if it still has one (an erased customer has none). */
function emailOf(customer: Customer): string | undefined {
  try {
    return primaryEmail(customer.contactMedium);
  } catch {
    return undefined;
  }
}

/**
 * TMF629 DELETE /customer/{id} (docs/api.md, "Closing a customer and erasing its data"): refused
 * (409, naming what blocks) while the customer has a product not terminated, an open order, a
 * billing account whose balance is not zero or an open bill; otherwise the customer is Closed and
 * its personal data erased, its billing accounts closed, in one transaction, at the customer's
 * instant (its test clock's). An admin, or the customer itself (GDPR erasure); agents 403. A
 * customer already erased answers 204 again and nothing is written.
 */
async function deleteCustomer({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const stored = await findCustomer(id);
  if (!stored) throw ApiError.notFound('customer', id);
  if (isErased(stored.customer)) return noContent();
  checkIfMatch(event, stored.version);

  const [products, orders, accounts, bills] = await Promise.all([
    productsOfCustomer(id),
    listProductOrders({ customerId: id, ...everything }),
    billingAccountsToClose(id),
    listBills({ customerId: id, ...everything }),
  ]);
  const blockers = deletionBlockers({
    products: products.map(({ product }) => product),
    orders: orders.items,
    accounts: accounts.map(({ account, balanceMinor }) => ({ id: account.id, balanceMinor })),
    // A bill on hold (disputed) is out of collections, not paid: it still blocks the erasure.
    openBills: bills.items.filter((bill) => isOpenBill(bill) || bill.state === 'onHold'),
  });
  if (blockers.length > 0) {
    throw ApiError.conflict('CUSTOMER_NOT_CLOSABLE', deletionRefusalMessage(blockers), blockers.map(({ field, problem }) => ({ field, problem })));
  }

  const now = await customerNow(stored.customer.testClock?.id);
  const erased = eraseCustomer(stored.customer, now);
  const closed = accounts.map(({ account, version }) => ({ before: account, account: eraseBillingAccount(account, id, now), expectedVersion: version }));
  const actor = { subject: principal.subject, role: writerRoleOf(principal) };
  const audit = erasureAuditEntry(stored.customer, { id: newId(), at: now, actor, correlationId, closedAccountIds: closed.map(({ account }) => account.id) });
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const events: DomainEvent[] = [
    ...(stored.customer.status === 'Closed' ? [] : [CustomerStatusChanged.create({ customerId: id, from: stored.customer.status, to: 'Closed', reason: erasureStatusReason }, origin())]),
    ...closed
      .filter(({ before }) => before.state !== 'Closed')
      .map(({ before }) => BillingAccountStateChanged.create({ billingAccountId: before.id, customerId: id, from: before.state, to: 'Closed' }, origin())),
    CustomerErased.create(
      {
        customerId: id,
        erasedAt: now,
        closedBillingAccountIds: closed.map(({ account }) => account.id),
        erasedByRole: actor.role,
        auditEntryId: audit.id,
        ...(stored.customer.testClock ? { testClockId: stored.customer.testClock.id } : {}),
      },
      origin(),
    ),
  ];
  const email = emailOf(stored.customer);
  await eraseCustomerRecords({ customer: erased, expectedVersion: stored.version, ...(email !== undefined ? { email } : {}), accounts: closed, events, audit }).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  metrics.addMetric('CustomersErased', MetricUnit.Count, 1);
  return noContent();
}

export const handler = apiHandler(deleteCustomer);
