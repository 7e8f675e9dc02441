import { billedOnDemand, customerBillOnDemandAccess, customerBillOnDemandCreateSchema } from '../../domain/billing/customer-bill-on-demand.js';
import { billIdFor, type CustomerBill } from '../../domain/billing/customer-bill.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { insertBillOnDemand } from '../lib/store/bill-on-demand-store.js';
import { findBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { draftNextBill, issueBills } from './account-billing.js';
import { billingContext } from './billing-context.js';
import { billAccountsUpTo } from './billing-rounds.js';

/**
 * TMF678 POST /customerBillOnDemand (staff): bills the account now, in the account's time (its
 * customer's test clock, or the system's): first the regular bills that fell due and were not
 * run yet, then one `offCycle` bill for what the period owes up to now (usage so far, credits of
 * terminations, pro-rata charges of products started since the last bill). 201 with the request
 * `done` and the bill (the last regular one when nothing was left for an off-cycle bill).
 * 409 NOTHING_TO_BILL when the account has nothing to bill at all, 409 BILLING_FAILED with the
 * reason when it cannot be billed (a customer without a postal address cannot be taxed).
 */
async function createCustomerBillOnDemand({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'ask for bills on demand');
  const input = parseBody(event, 'create', customerBillOnDemandCreateSchema);
  requireWritable(principal, customerBillOnDemandAccess, input, 'customerBillOnDemand');
  const accountId = input.billingAccount.id;
  const stored = await findBillingAccount(accountId);
  if (!stored) throw ApiError.badRequest(`billing account ${accountId} does not exist`, [{ field: 'billingAccount.id', problem: 'unknown billing account' }]);
  const { account } = stored;
  const context = await billingContext({ testClockId: account.testClock?.id, correlationId });

  const overdue = await billAccountsUpTo([accountId], context.now, context, { concurrency: 1 });
  if (overdue.failures.length > 0) {
    throw ApiError.conflict('BILLING_FAILED', `billing account ${accountId} could not be billed: ${overdue.failures.map((failure) => failure.reason).join('; ')}`);
  }
  if (await findBill(billIdFor(accountId, context.now))) throw ApiError.conflict('ALREADY_BILLED', `billing account ${accountId} was already billed at ${context.now}`);
  const schedule = await findSchedule(accountId);
  let bill: CustomerBill | undefined;
  if (schedule?.nextBillAt) {
    const outcome = await draftNextBill({ ...schedule, nextBillAt: schedule.nextBillAt }, context, { offCycleAt: context.now });
    if (outcome.kind === 'drafted') {
      const issuing = await issueBills([outcome], context);
      const [notIssued] = issuing.notIssued;
      if (notIssued?.error) throw notIssued.error;
      if (notIssued) throw ApiError.conflict('BILLING_FAILED', `billing account ${accountId} could not be billed: ${notIssued.reason}`);
      [bill] = issuing.issued;
      if (!bill) throw ApiError.conflict('CONCURRENT_BILLING', `billing account ${accountId} was billed by another request meanwhile; read its bills`);
    }
  }
  // Nothing since the last boundary: the regular bills just issued were everything there was to bill.
  bill ??= overdue.bills.at(-1);
  if (!bill) throw nothingToBill(accountId);

  const request = billedOnDemand(input, { id: newId(), now: context.now, billingAccount: { id: account.id, href: account.href, name: account.name }, bill });
  await insertBillOnDemand(request, ownerCustomerId(account));
  return jsonResponse(201, request, { Location: request.href });
}

function nothingToBill(accountId: string): ApiError {
  return ApiError.conflict('NOTHING_TO_BILL', `billing account ${accountId} has nothing to bill: no product of it has been billed or is running`);
}

export const handler = apiHandler(idempotentOnKey('create-customer-bill-on-demand', createCustomerBillOnDemand));
