import { paymentAccess, paymentCreateSchema, type PaymentCreate } from '../../domain/payments/account-payment.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { moneyFromTmf, type Money } from '../../domain/money/money.js';
import type { FieldProblem } from '../../domain/shared/domain-errors.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { headerOf, parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { idFrom, newId } from '../lib/ids.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { checkPaymentAllocation, recordAccountPayment } from './account-payments.js';

/**
 * TMF676 POST /payment: money an account's customer paid, by bank transfer or cash (recorded
 * as received, staff only) or by card (charged now through the gateway; staff, or the customer
 * itself on its own account with one of its own cards), allocated to the bills
 * `paymentItem` names, each up to what it owes, or else to the oldest open bills; what no bill
 * takes is account credit, which the next bills use first (docs/collections.md). 201 with the
 * payment. With `Idempotency-Key`, a repeat replays the first answer, and the payment's id and
 * gateway keys derive from the key, so even a retry after a lost answer charges once.
 */
async function createPayment({ event, principal, correlationId }: ApiRequest) {
  const input = parseBody(event, 'create', paymentCreateSchema);
  requireWritable(principal, paymentAccess, input, 'payment');
  const stored = await findBillingAccount(input.account.id);
  // Another customer's account answers as an unknown one, so account ids cannot be probed.
  if (!stored || (!isStaff(principal) && ownerCustomerId(stored.account) !== principal.customerId)) {
    throw ApiError.badRequest(`billing account ${input.account.id} does not exist`, [{ field: 'account.id', problem: 'unknown billing account' }]);
  }
  const { account } = stored;
  if (!isStaff(principal)) await requireOwnCard(principal, input, account);
  if (account.state === 'Closed') throw ApiError.conflict('ACCOUNT_CLOSED', `billing account ${account.id} is Closed: it takes no payments`);
  const amount = amountsOf(input, account);

  const key = headerOf(event, 'idempotency-key');
  const paymentId = key === undefined ? newId() : idFrom(`payment:${principal.subject}:${key}`);
  const now = await customerNow(account.testClock?.id);
  const named = input.paymentItem?.map((item) => ({ billId: item.item.id, ...(item.totalAmount ? { amountMinor: moneyFromTmf(item.totalAmount).amount } : {}) }));
  const common = {
    paymentId,
    account,
    channel: input.paymentMethod.name,
    paymentMethodId: input.paymentMethod.id,
    amountMinor: amount.amount,
    ...(named ? { named } : {}),
    now,
    correlationId,
    description: input.description ?? `${input.paymentMethod.name} payment`,
  };
  if (input.paymentMethod.name !== 'card') {
    const { payment } = await recordAccountPayment(common);
    return jsonResponse(201, payment, { Location: payment.href });
  }

  // Checked before the card is charged: a payment that cannot be allocated takes no money.
  await checkPaymentAllocation(common);
  const keys = { authorization: `payment-${paymentId}-authorization`, capture: `payment-${paymentId}-capture` };
  const authorized = await simulatedPaymentGateway.authorize({ idempotencyKey: keys.authorization, paymentMethodToken: input.paymentMethod.id, amount, description: common.description });
  if (authorized.outcome === 'declined') {
    throw new ApiError(402, 'PAYMENT_DECLINED', 'Payment Required', `the card was declined (${authorized.declineCode}): ${authorized.message}`, [{ field: 'paymentMethod.id', problem: authorized.declineCode }]);
  }
  const { captureId } = await simulatedPaymentGateway.capture({ authorizationId: authorized.authorizationId, amount, idempotencyKey: keys.capture });
  const { payment } = await recordAccountPayment({ ...common, authorizationCode: authorized.authorizationCode, captureId, moneyMoved: true });
  return jsonResponse(201, payment, { Location: payment.href });
}

/**
 * A customer pays by card only (a transfer or cash is money staff have seen arrive), and only
 * with a card of its own: one its customer record lists (`paymentMethod`, which it may PATCH)
 * or its account's `defaultPaymentMethod`. Refused with 403 naming the attribute, before any
 * money moves.
 */
async function requireOwnCard(principal: Principal, input: PaymentCreate, account: BillingAccount): Promise<void> {
  if (input.paymentMethod.name !== 'card') {
    throw ApiError.forbidden(`a customer pays by card; a ${input.paymentMethod.name} payment is recorded by staff`, [{ field: 'paymentMethod.name', problem: 'a customer pays by card only' }]);
  }
  const customer = principal.customerId === undefined ? undefined : (await findCustomer(principal.customerId))?.customer;
  const own = [...(customer?.paymentMethod ?? []), ...(account.defaultPaymentMethod ? [account.defaultPaymentMethod] : [])].map((method) => method.id);
  if (!own.includes(input.paymentMethod.id)) {
    throw ApiError.forbidden('the card is not one of the customer’s payment methods', [{ field: 'paymentMethod.id', problem: 'not one of your payment methods: add it to your customer record first' }]);
  }
}

/** The payment's amount, positive and in the account's currency, as are the amounts of its items. */
function amountsOf(input: PaymentCreate, account: BillingAccount): Money {
  const problems: FieldProblem[] = [];
  if (input.totalAmount.unit !== account.currency) problems.push({ field: 'totalAmount.unit', problem: `must be the account's currency, ${account.currency}` });
  input.paymentItem?.forEach((item, index) => {
    if (item.totalAmount && item.totalAmount.unit !== account.currency) problems.push({ field: `paymentItem[${index}].totalAmount.unit`, problem: `must be the account's currency, ${account.currency}` });
  });
  if (problems.length > 0) throw ApiError.badRequest(`the payment is not in billing account ${account.id}'s currency, ${account.currency}`, problems);
  const amount = moneyFromTmf(input.totalAmount, 'totalAmount');
  if (amount.amount <= 0n) throw ApiError.badRequest('a payment must be positive', [{ field: 'totalAmount.value', problem: 'must be positive' }]);
  return amount;
}

export const handler = apiHandler(idempotentOnKey('create-payment', createPayment));
