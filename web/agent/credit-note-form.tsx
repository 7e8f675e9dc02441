import { useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import { apiPaths, type CreditNote, type CustomerBill } from '../shared/api-types.js';
import { formatMoney } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { ActionField, ConfirmedAction, typedAmount } from './confirmed-action.js';

/**
 * Credits an issued bill (POST /collections/v1/creditNote, docs/collections.md): the whole bill
 * or an amount tax included, always with a reason, which the credit note keeps.
 */
export function CreditNoteForm({ bill, onIssued, onClose }: { bill: CustomerBill; onIssued: () => void; onClose: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [whole, setWhole] = useState(false);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const amount = { unit: bill.amountDue.unit, value: typedAmount(amountText) };
  const credited = formatMoney(whole ? bill.amountDue : amount, locale);
  const number = bill.billNo ?? bill.id;
  const id = `credit-note-${bill.id}`;
  return (
    <ConfirmedAction<CreditNote>
      id={id}
      title={t('creditNote.title', { number })}
      fields={
        <>
          <fieldset>
            <legend>{t('creditNote.what')}</legend>
            <label class="choice">
              <input type="radio" name={`${id}-what`} checked={whole} onChange={() => setWhole(true)} /> {t('creditNote.whole', { amount: formatMoney(bill.amountDue, locale) })}
            </label>
            <label class="choice">
              <input type="radio" name={`${id}-what`} checked={!whole} onChange={() => setWhole(false)} /> {t('creditNote.part')}
            </label>
          </fieldset>
          {!whole && <ActionField id={`${id}-amount`} label={t('creditNote.amount', { currency: bill.amountDue.unit })} inputMode="decimal" value={amountText} onInput={setAmountText} invalid={amountText !== '' && Number.isNaN(amount.value)} />}
          <ActionField id={`${id}-reason`} label={t('action.reason')} multiline value={reason} onInput={setReason} />
        </>
      }
      complete={(whole || !Number.isNaN(amount.value)) && reason.trim() !== ''}
      confirmText={t('creditNote.confirmText', { amount: credited, number, reason: reason.trim() })}
      confirmLabel={t('creditNote.confirm', { amount: credited })}
      sendingLabel={t('creditNote.issuing')}
      send={(idempotencyKey) => api.post<CreditNote>(apiPaths.creditNote, { bill: { id: bill.id }, reason: reason.trim(), ...(whole ? { whole: true } : { amount }) }, { idempotencyKey })}
      doneText={(note) =>
        t('creditNote.issued', {
          number: note.creditNoteNo,
          total: formatMoney(note.taxIncludedAmount, locale),
          toBill: formatMoney(note.appliedToBill, locale),
          toCredit: formatMoney(note.toAccountCredit, locale),
        })
      }
      onDone={onIssued}
      onClose={onClose}
    />
  );
}
