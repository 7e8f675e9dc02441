import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import type { ApiError } from '../shared/api-error.js';
import { apiPaths, type BillingAccount, type Customer, type CustomerBill, type Payment } from '../shared/api-types.js';
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

/**
 * Pay what a bill still owes with one of the customer's cards, through the gateway
 * (POST /payment, docs/collections.md): choose a card, confirm, see it pending, then the bill
 * read again. One Idempotency-Key per confirmed payment, kept when the answer was lost or the
 * service failed, so trying again never charges twice; a decline starts a new payment.
 */
export function PayBill({ customerId, bill, account, onPaid }: { customerId: string; bill: CustomerBill; account: BillingAccount | undefined; onPaid: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const customer = useRequest(() => api.get<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`, { fields: 'paymentMethod' }), [customerId]);
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [card, setCard] = useState<string | undefined>(undefined);
  const key = useRef<string | undefined>(undefined);
  const status = useRef<HTMLParagraphElement>(null);
  const amount = formatMoney(bill.remainingAmount, locale);
  useEffect(() => {
    if (step.name !== 'choose') status.current?.focus();
  }, [step.name]);

  const pay = async (token: string) => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'paying' });
    try {
      await api.post<Payment>(
        apiPaths.payment,
        { account: { id: bill.billingAccount.id }, totalAmount: bill.remainingAmount, paymentMethod: { id: token, name: 'card' }, paymentItem: [{ item: { id: bill.id }, totalAmount: bill.remainingAmount }] },
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
    <section aria-labelledby="pay-bill" class="card">
      <h2 id="pay-bill">{t('pay.title')}</h2>
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
                {t('pay.paid', { amount: step.amount })}
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
                <label for="pay-card">{t('pay.card')}</label>
                <select id="pay-card" value={chosen} onChange={(event) => setCard((event.currentTarget as HTMLSelectElement).value)}>
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
                <div class="confirm" role="group" aria-labelledby="pay-confirm">
                  <p id="pay-confirm" tabIndex={-1} ref={status}>
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
