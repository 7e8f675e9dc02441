import { goodwillCreditAccess, goodwillCreditCreateSchema, type GoodwillCreditCreate } from '../../domain/collections/goodwill-credit.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { moneyFromTmf } from '../../domain/money/money.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { headerOf, parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { idFrom, newId } from '../lib/ids.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findGoodwillCredit } from '../lib/store/goodwill-credit-store.js';
import { applyCreditToOpenBills } from './account-payments.js';
import { grantGoodwillCredit } from './goodwill-credits.js';

/**
 * POST /collections/v1/goodwillCredit (staff): credit given to an account without a bill, with a
 * reason (docs/collections.md, "Goodwill credits"). 201 with the goodwill credit; the account's
 * open bills are then paid from its credit, oldest first, so that dunning stops as soon as the
 * balance is paid. With `Idempotency-Key` the credit's id derives from the caller and the key,
 * so a retry, even after a lost answer, grants it once.
 */
async function createGoodwillCredit({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'give goodwill credits');
  const input = parseBody(event, 'create', goodwillCreditCreateSchema);
  requireWritable(principal, goodwillCreditAccess, input, 'goodwillCredit');
  const key = headerOf(event, 'idempotency-key');
  const goodwillCreditId = key === undefined ? newId() : idFrom(`goodwillCredit:${principal.subject}:${key}`);
  const earlier = await findGoodwillCredit(goodwillCreditId, { consistentRead: true });
  if (earlier && earlier.goodwillCredit.billingAccount.id !== input.billingAccount.id) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable Entity', 'this Idempotency-Key was already used for a goodwill credit of another account');
  }

  const stored = await findBillingAccount(input.billingAccount.id);
  if (!stored) throw ApiError.badRequest(`billing account ${input.billingAccount.id} does not exist`, [{ field: 'billingAccount.id', problem: 'unknown billing account' }]);
  const { account } = stored;
  const now = await customerNow(account.testClock?.id);
  let goodwillCredit = earlier?.goodwillCredit;
  if (!goodwillCredit) {
    if (account.state === 'Closed') throw ApiError.conflict('ACCOUNT_CLOSED', `billing account ${account.id} is Closed: it takes no credit`);
    ({ goodwillCredit } = await grantGoodwillCredit({ goodwillCreditId, account, amountMinor: amountOf(input, account), reason: input.reason, now, correlationId }));
  }
  // On a repeat too: a first attempt that stopped after granting still pays the open bills.
  await applyCreditToOpenBills(account, { now, correlationId });
  return jsonResponse(201, goodwillCredit, { Location: goodwillCredit.href });
}

/** The credit's amount in minor units: positive, in the account's currency. */
function amountOf(input: GoodwillCreditCreate, account: BillingAccount): bigint {
  if (input.amount.unit !== account.currency) {
    throw ApiError.badRequest(`billing account ${account.id} is in ${account.currency}`, [{ field: 'amount.unit', problem: `must be the account's currency, ${account.currency}` }]);
  }
  const amount = moneyFromTmf(input.amount, 'amount');
  if (amount.amount <= 0n) throw ApiError.badRequest('a goodwill credit must be positive', [{ field: 'amount.value', problem: 'must be positive' }]);
  return amount.amount;
}

export const handler = apiHandler(idempotentOnKey('create-goodwill-credit', createGoodwillCredit));
