import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import type { ApiError } from '../shared/api-error.js';
import { apiPaths, type BillingAccount, type Customer, type CustomerBill, type Payment, type TmfMoney } from '../shared/api-types.js';
import { RequestView } from '../shared/components/request-view.js';
import { formatMoney } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { useRequest } from '../shared/use-request.js';
import { paymentFailureMessage } from './payment-failure.js';
import { cardsOf } from './payment-methods.js';
import { portalPaths } from './portal-paths.js';

type Step = { name: 'choose' } | { name: 'confirm' } | { name: 'paying' } | { name: 'paid'; amount: string } | { name: 'failed'; error: ApiError };

/** A bill still owes something and can be paid: issued (or sent), not settled. */
export const isPayable = (bill: CustomerBill): boolean => ['validated', 'sent', 'partiallyPaid'].includes(bill.state) && bill.remainingAmount.value > 0;

/** What a payment pays: what one bill still owes, or the account's whole balance (its oldest open bills first, docs/collections.md "Allocation"). */
export type PaymentTarget = { kind: 'bill'; bill: CustomerBill } | { kind: 'balance'; accountId: string; balance: TmfMoney };

/**
 * Pay a bill, or the whole balance, with one of the customer's cards, through the gateway
 * (POST /payment, docs/collections.md): choose a card, confirm, see it pending, then the page
 * read again. One Idempotency-Key per confirmed payment, kept when the answer was lost or the
 * service failed, so trying again never charges twice; a decline starts a new payment.
 */
export function PayForm({ customerId, target, account, onPaid }: { customerId: string; target: PaymentTarget; account: BillingAccount | undefined; onPaid: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const customer = useRequest(() => api.get<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`, { fields: 'paymentMethod' }), [customerId]);
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [card, setCard] = useState<string | undefined>(undefined);
  const key = useRef<string | undefined>(undefined);
  const status = useRef<HTMLParagraphElement>(null);
  const total = target.kind === 'bill' ? target.bill.remainingAmount : target.balance;
  const accountId = target.kind === 'bill' ? target.bill.billingAccount.id : target.accountId;
  const amount = formatMoney(total, locale);
  const titleId = `pay-${target.kind}-${accountId}`;
  useEffect(() => {
    if (step.name !== 'choose') status.current?.focus();
  }, [step.name]);

  const pay = async (token: string) => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'paying' });
    try {
      await api.post<Payment>(
        apiPaths.payment,
        {
          account: { id: accountId },
          totalAmount: total,
          paymentMethod: { id: token, name: 'card' },
          // Without items the payment goes to the oldest open bills first.
          ...(target.kind === 'bill' ? { paymentItem: [{ item: { id: target.bill.id }, totalAmount: total }] } : {}),
        },
        { idempotencyKey: key.current },
      );
      key.current = undefined;
      setStep({ name: 'paid', amount });
      onPaid();
    } catch (error) {
      // A lost answer or a failing service may have charged: the same key replays instead of charging again.
      if (!(error as ApiError).retryable) key.current = undefined;
      setStep({ name: 'failed', error: error as ApiError });
    }
  };

  return (
    <section aria-labelledby={titleId} class="card">
      <h2 id={titleId}>{t(target.kind === 'bill' ? 'pay.title' : 'pay.balanceTitle')}</h2>
      <RequestView request={customer} home={portalPaths.home}>
        {(read) => {
          const cards = cardsOf(read, account ? [account] : []);
          const chosen = card ?? cards.find((one) => one.isDefault)?.id ?? cards[0]?.id;
          if (cards.length === 0)
            return (
              <p>
                {t('pay.noCard')} <a href={portalPaths.paymentMethods}>{t('pay.addCard')}</a>
              </p>
            );
          if (step.name === 'paid')
            return (
              <p class="success" role="status" tabIndex={-1} ref={status}>
                {t(target.kind === 'bill' ? 'pay.paid' : 'pay.balancePaid', { amount: step.amount })}
              </p>
            );
          if (step.name === 'choose' || !chosen)
            return (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  setStep({ name: 'confirm' });
                }}
              >
                <label for={`${titleId}-card`}>{t('pay.card')}</label>
                <select id={`${titleId}-card`} value={chosen} onChange={(event) => setCard((event.currentTarget as HTMLSelectElement).value)}>
                  {cards.map((one) => (
                    <option value={one.id} key={one.id}>
                      {one.isDefault ? t('cards.defaultLabel', { card: one.label }) : one.label}
                    </option>
                  ))}
                </select>
                <p>
                  <button type="submit" class="primary">
                    {t('pay.payAmount', { amount })}
                  </button>
                </p>
              </form>
            );
          const label = cards.find((one) => one.id === chosen)?.label ?? chosen;
          return (
            <>
              {step.name === 'confirm' && (
                <div class="confirm" role="group" aria-labelledby={`${titleId}-confirm`}>
                  <p id={`${titleId}-confirm`} tabIndex={-1} ref={status}>
                    {t('pay.confirmText', { amount, card: label })}
                  </p>
                  <button type="button" class="primary" onClick={() => pay(chosen)}>
                    {t('pay.confirm', { amount })}
                  </button>{' '}
                  <button type="button" onClick={() => setStep({ name: 'choose' })}>
                    {t('pay.cancel')}
                  </button>
                </div>
              )}
              {step.name === 'paying' && (
                <p class="loading" role="status" aria-live="polite" tabIndex={-1} ref={status}>
                  {t('pay.paying', { amount })}
                </p>
              )}
              {step.name === 'failed' && (
                <div class="error-state" role="alert">
                  <p tabIndex={-1} ref={status}>
                    {t(paymentFailureMessage(step.error))}
                  </p>
                  {step.error.retryable ? (
                    <button type="button" onClick={() => pay(chosen)}>
                      {t('error.retry')}
                    </button>
                  ) : (
                    <button type="button" onClick={() => setStep({ name: 'choose' })}>
                      {t('pay.another')}
                    </button>
                  )}
                </div>
              )}
            </>
          );
        }}
      </RequestView>
    </section>
  );
}
