import { useRef, useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import type { ApiError } from '../shared/api-error.js';
import { apiPaths, type CreditNote, type CustomerBill } from '../shared/api-types.js';
import { formatMoney } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';

type Step = { name: 'edit' } | { name: 'confirm' } | { name: 'issuing' } | { name: 'issued'; note: CreditNote } | { name: 'failed'; error: ApiError };

/**
 * Credits an issued bill (POST /collections/v1/creditNote, docs/collections.md): the whole bill
 * or an amount tax included, always with a reason, which the credit note keeps; confirmed before
 * it is issued. One Idempotency-Key per credit note, kept when the answer was lost, so trying
 * again never credits twice.
 */
export function CreditNoteForm({ bill, onIssued, onClose }: { bill: CustomerBill; onIssued: () => void; onClose: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [whole, setWhole] = useState(false);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [step, setStep] = useState<Step>({ name: 'edit' });
  const key = useRef<string | undefined>(undefined);
  const amount = { unit: bill.amountDue.unit, value: Number(amountText.replace(',', '.')) };
  const validAmount = whole || (Number.isFinite(amount.value) && amount.value > 0);
  const credited = whole ? formatMoney(bill.amountDue, locale) : formatMoney(amount, locale);
  const number = bill.billNo ?? bill.id;

  const issue = async () => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'issuing' });
    try {
      const note = await api.post<CreditNote>(apiPaths.creditNote, { bill: { id: bill.id }, reason: reason.trim(), ...(whole ? { whole: true } : { amount }) }, { idempotencyKey: key.current });
      key.current = undefined;
      setStep({ name: 'issued', note });
      onIssued();
    } catch (error) {
      if (!(error as ApiError).retryable) key.current = undefined;
      setStep({ name: 'failed', error: error as ApiError });
    }
  };

  const titleId = `credit-note-${bill.id}`;
  return (
    <section class="card action-panel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('creditNote.title', { number })}</h3>
      {step.name === 'issued' ? (
        <p role="status" class="success">
          {t('creditNote.issued', {
            number: step.note.creditNoteNo,
            total: formatMoney(step.note.taxIncludedAmount, locale),
            toBill: formatMoney(step.note.appliedToBill, locale),
            toCredit: formatMoney(step.note.toAccountCredit, locale),
          })}
        </p>
      ) : step.name === 'edit' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (validAmount && reason.trim()) setStep({ name: 'confirm' });
          }}
        >
          <fieldset>
            <legend>{t('creditNote.what')}</legend>
            <label class="choice">
              <input type="radio" name={`${titleId}-what`} checked={whole} onChange={() => setWhole(true)} /> {t('creditNote.whole', { amount: formatMoney(bill.amountDue, locale) })}
            </label>
            <label class="choice">
              <input type="radio" name={`${titleId}-what`} checked={!whole} onChange={() => setWhole(false)} /> {t('creditNote.part')}
            </label>
          </fieldset>
          {!whole && (
            <p>
              <label for={`${titleId}-amount`}>{t('creditNote.amount', { currency: bill.amountDue.unit })}</label>
              <br />
              <input id={`${titleId}-amount`} inputMode="decimal" required autoComplete="off" value={amountText} aria-invalid={amountText !== '' && !validAmount ? true : undefined} onInput={(event) => setAmountText((event.currentTarget as HTMLInputElement).value)} />
            </p>
          )}
          <p>
            <label for={`${titleId}-reason`}>{t('action.reason')}</label>
            <br />
            <textarea id={`${titleId}-reason`} required rows={2} maxLength={1024} value={reason} onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)} />
          </p>
          <button type="submit" class="primary">
            {t('action.review')}
          </button>{' '}
          <button type="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </form>
      ) : (
        <div class="confirm" role="group" aria-labelledby={`${titleId}-confirm`}>
          <p id={`${titleId}-confirm`}>{t('creditNote.confirmText', { amount: credited, number, reason: reason.trim() })}</p>
          {step.name === 'failed' && (
            <p role="alert" class="error-state">
              {step.error.retryable ? t(step.error.kind === 'network' ? 'error.network' : 'error.server') : t('error.rejected', { message: step.error.message })}
            </p>
          )}
          <button type="button" class="primary" disabled={step.name === 'issuing'} onClick={issue}>
            {step.name === 'issuing' ? t('creditNote.issuing') : t('creditNote.confirm', { amount: credited })}
          </button>{' '}
          <button type="button" disabled={step.name === 'issuing'} onClick={() => setStep({ name: 'edit' })}>
            {t('action.back')}
          </button>
        </div>
      )}
    </section>
  );
}
