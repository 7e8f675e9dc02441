import { useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import { apiPaths, type BillingAccount, type Payment, type Refund } from '../shared/api-types.js';
import { formatMoney } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { ActionField, ConfirmedAction, typedAmount } from './confirmed-action.js';

const channels = ['bankTransfer', 'cash', 'card'] as const;
type Channel = (typeof channels)[number];

/**
 * Takes a payment into an account (POST /payment, staff; docs/collections.md): a transfer or
 * cash received, by its reference, or a card by its token, charged now; the reason is the
 * payment's description, which the ledger and the receipt show. It pays the open bills, oldest
 * first, and a payment that clears what is overdue ends dunning and restores the service.
 */
export function TakePaymentForm({ account, onDone, onClose }: { account: BillingAccount; onDone: () => void; onClose: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const owed = account.accountBalance?.[0]?.amount.value ?? 0;
  const [channel, setChannel] = useState<Channel>('bankTransfer');
  const [reference, setReference] = useState('');
  const [amountText, setAmountText] = useState(owed > 0 ? owed.toFixed(2) : '');
  const [reason, setReason] = useState('');
  const amount = { unit: account.currency, value: typedAmount(amountText) };
  const id = `take-payment-${account.id}`;
  return (
    <ConfirmedAction<Payment>
      id={id}
      title={t('takePayment.title', { account: account.name })}
      fields={
        <>
          <p>
            <label for={`${id}-channel`}>{t('takePayment.channel')}</label>
            <br />
            <select id={`${id}-channel`} value={channel} onChange={(event) => setChannel((event.currentTarget as HTMLSelectElement).value as Channel)}>
              {channels.map((each) => (
                <option value={each} key={each}>
                  {t(`takePayment.channel.${each}`)}
                </option>
              ))}
            </select>
          </p>
          <ActionField id={`${id}-reference`} label={t(channel === 'card' ? 'takePayment.cardToken' : 'takePayment.reference')} value={reference} onInput={setReference} />
          <ActionField id={`${id}-amount`} label={t('takePayment.amount', { currency: account.currency })} inputMode="decimal" value={amountText} onInput={setAmountText} invalid={amountText !== '' && Number.isNaN(amount.value)} />
          <ActionField id={`${id}-reason`} label={t('action.reason')} multiline value={reason} onInput={setReason} />
        </>
      }
      complete={reference.trim() !== '' && !Number.isNaN(amount.value) && reason.trim() !== ''}
      confirmText={t('takePayment.confirmText', { amount: formatMoney(amount, locale), account: account.name, channel: t(`takePayment.channel.${channel}`), reference: reference.trim() })}
      confirmLabel={t('takePayment.confirm', { amount: formatMoney(amount, locale) })}
      sendingLabel={t('takePayment.sending')}
      send={(idempotencyKey) =>
        api.post<Payment>(apiPaths.payment, { account: { id: account.id }, totalAmount: amount, paymentMethod: { id: reference.trim(), name: channel }, description: reason.trim() }, { idempotencyKey })
      }
      doneText={(payment) => t('takePayment.done', { amount: formatMoney(payment.totalAmount, locale), status: payment.status })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}

/**
 * Pays back all or part of a payment (POST /refund, staff; docs/collections.md), with the reason
 * the customer is told. A card payment goes back through the gateway.
 */
export function RefundForm({ payment, onDone, onClose }: { payment: Payment; onDone: () => void; onClose: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [amountText, setAmountText] = useState(payment.totalAmount.value.toFixed(2));
  const [reason, setReason] = useState('');
  const amount = { unit: payment.totalAmount.unit, value: typedAmount(amountText) };
  const id = `refund-${payment.id}`;
  return (
    <ConfirmedAction<Refund>
      id={id}
      title={t('refund.title', { amount: formatMoney(payment.totalAmount, locale) })}
      fields={
        <>
          <ActionField id={`${id}-amount`} label={t('refund.amount', { currency: payment.totalAmount.unit })} inputMode="decimal" value={amountText} onInput={setAmountText} invalid={amountText !== '' && Number.isNaN(amount.value)} />
          <ActionField id={`${id}-reason`} label={t('action.reason')} multiline value={reason} onInput={setReason} />
        </>
      }
      complete={!Number.isNaN(amount.value) && reason.trim() !== ''}
      confirmText={t('refund.confirmText', { amount: formatMoney(amount, locale), reason: reason.trim() })}
      confirmLabel={t('refund.confirm', { amount: formatMoney(amount, locale) })}
      sendingLabel={t('refund.sending')}
      send={(idempotencyKey) => api.post<Refund>(apiPaths.refund, { payment: { id: payment.id }, totalAmount: amount, description: reason.trim() }, { idempotencyKey })}
      doneText={(refund) => t('refund.done', { amount: formatMoney(refund.totalAmount, locale) })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
