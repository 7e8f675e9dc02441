import { checkCreditLimit, monthlyRecurringOf } from '../../domain/orders/credit-exposure.js';
import { loadMoney } from '../../domain/orders/order-fulfilment.js';
import { moneyFromTmf, zeroMoney } from '../../domain/money/money.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { listProducts } from '../lib/store/product-store.js';
import { StepOutcomeError, stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash: the account's active products' monthly charges plus the order's must stay
 * within the account's credit limit (set by onboarding's credit check); an account without a
 * limit passes. Over the limit fails the order with CreditLimitExceeded and the figures.
 */
export async function checkOrderCredit(input: OrderStepInput) {
  const { fulfilment } = await loadOrder(input.orderId);
  const stored = await findBillingAccount(fulfilment.billingAccountId);
  const limit = stored?.account.creditLimit;
  if (!limit) return { checked: false };
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
  const currency = fulfilment.currency;
  // A plan change replaces the changed product's charges, so those products no longer count.
  const replaced = new Set(fulfilment.items.filter((item) => item.action !== 'add').map((item) => item.productId));
  const existing = products.items.filter((product) => !replaced.has(product.id)).flatMap((product) => product.productPrice ?? []);
  const check = checkCreditLimit(moneyFromTmf(limit), existing.length > 0 ? monthlyRecurringOf(existing, currency) : zeroMoney(currency), loadMoney(fulfilment.recurringMonthly));
  if (!check.withinLimit) throw new StepOutcomeError('CreditLimitExceeded', check.reason);
  return { checked: true };
}

export const handler = stateMachineTask('orderId', checkOrderCredit);
