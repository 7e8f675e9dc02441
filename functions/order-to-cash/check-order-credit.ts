import { setTimeout as sleep } from 'node:timers/promises';
import { checkCreditLimit, monthlyRecurringOf } from '../../domain/orders/credit-exposure.js';
import { loadMoney, type OrderFulfilment } from '../../domain/orders/order-fulfilment.js';
import { addMoney, money, moneyFromTmf, zeroMoney, type Money } from '../../domain/money/money.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCreditHold, placeCreditHold, readCreditHolds } from '../lib/store/credit-hold-store.js';
import { listProducts } from '../lib/store/product-store.js';
import { ConcurrentTransactionError } from '../lib/store/store-errors.js';
import { customerNow } from '../lib/clock.js';
import { StepOutcomeError, stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/** Decisions one step makes before it leaves the race to the state machine's retry. */
const maxDecisions = 8;

/**
 * Order-to-cash: the account's active products' monthly charges, what its other orders in
 * flight hold, and the order's must stay within the account's credit limit (set by onboarding's
 * credit check); an account without a limit passes. Within it, the order's monthly charges are
 * held against the limit atomically with the decision (conditional on the holds read), so
 * orders placed at once cannot all pass on the same figures; closing the order releases the
 * hold (close-order.ts). Over the limit fails the order with CreditLimitExceeded and the figures.
 */
export async function checkOrderCredit(input: OrderStepInput) {
  const { fulfilment } = await loadOrder(input.orderId);
  const accountId = fulfilment.billingAccountId;
  const stored = await findBillingAccount(accountId);
  const limit = stored?.account.creditLimit;
  if (!limit) return { checked: false };
  // A retried step finds the hold it placed: it decided already.
  if (await findCreditHold(accountId, input.orderId)) return { checked: true };

  const ordered = loadMoney(fulfilment.recurringMonthly);
  const at = await customerNow(fulfilment.testClockId);
  for (let decision = 1; decision <= maxDecisions; decision += 1) {
    // The holds first: an order that closes after this read moves them, and the hold below is refused.
    const holds = await readCreditHolds(accountId);
    const charged = await activeMonthlyCharges(fulfilment);
    const check = checkCreditLimit(moneyFromTmf(limit), addMoney(charged, money(BigInt(holds.heldMinor), fulfilment.currency)), ordered);
    if (!check.withinLimit) throw new StepOutcomeError('CreditLimitExceeded', check.reason);
    if (await placeCreditHold({ billingAccountId: accountId, orderId: input.orderId, amountMinor: Number(ordered.amount), currency: fulfilment.currency, at }, holds)) return { checked: true };
    // Another order of the account held or released meanwhile: decide again on the new figures.
    await sleep(Math.random() * 20 * 2 ** decision);
  }
  throw new ConcurrentTransactionError(`the credit holds of billing account ${accountId} kept changing; the step is retried`);
}

/** The monthly charges of the account's active products, less those the order replaces (a plan change's, a termination's). */
async function activeMonthlyCharges(fulfilment: OrderFulfilment): Promise<Money> {
  const products = await listProducts({
    customerId: fulfilment.customerId,
    filters: [
      { path: ['billingAccount', 'id'], values: [fulfilment.billingAccountId] },
      { path: ['status'], values: ['active'] },
    ],
    offset: 0,
    // Every active product counts: the list reads the whole matching range anyway.
    limit: Number.MAX_SAFE_INTEGER,
  });
  const replaced = new Set(fulfilment.items.filter((item) => item.action !== 'add').map((item) => item.productId));
  const lines = products.items.filter((product) => !replaced.has(product.id)).flatMap((product) => product.productPrice ?? []);
  return lines.length > 0 ? monthlyRecurringOf(lines, fulfilment.currency) : zeroMoney(fulfilment.currency);
}

export const handler = stateMachineTask('orderId', checkOrderCredit);
