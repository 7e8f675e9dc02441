import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ApiError } from '../shared/api-error.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { writeFailureMessage } from '../shared/write-failure.js';

type Step<T> = { name: 'edit' } | { name: 'confirm' } | { name: 'sending' } | { name: 'done'; result: T } | { name: 'failed'; error: ApiError };

/**
 * The shape of every money action on the desktop (a credit note, a payment, a refund): a panel
 * with the action's fields and a reason, *Review*, a confirmation that says what will be done,
 * then one request with an Idempotency-Key kept when the answer was lost or the service failed,
 * so trying again never does it twice; a refusal forgets the key.
 */
export function ConfirmedAction<T>(props: {
  id: string;
  title: string;
  /** The fields, reason included; shown until reviewed. */
  fields: ComponentChildren;
  /** Whether the fields say enough to review. */
  complete: boolean;
  confirmText: string;
  confirmLabel: string;
  sendingLabel: string;
  send: (idempotencyKey: string) => Promise<T>;
  doneText: (result: T) => string;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step<T>>({ name: 'edit' });
  const key = useRef<string | undefined>(undefined);
  const run = async () => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'sending' });
    try {
      const result = await props.send(key.current);
      key.current = undefined;
      setStep({ name: 'done', result });
      props.onDone();
    } catch (error) {
      if (!(error as ApiError).retryable) key.current = undefined;
      setStep({ name: 'failed', error: error as ApiError });
    }
  };
  const titleId = `${props.id}-title`;
  return (
    <section class="card action-panel" aria-labelledby={titleId}>
      <h3 id={titleId}>{props.title}</h3>
      {step.name === 'done' ? (
        <>
          <p role="status" class="success">
            {props.doneText(step.result)}
          </p>
          <button type="button" onClick={props.onClose}>
            {t('action.close')}
          </button>
        </>
      ) : step.name === 'edit' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (props.complete) setStep({ name: 'confirm' });
          }}
        >
          {props.fields}
          <button type="submit" class="primary">
            {t('action.review')}
          </button>{' '}
          <button type="button" onClick={props.onClose}>
            {t('action.cancel')}
          </button>
        </form>
      ) : (
        <div class="confirm" role="group" aria-labelledby={`${props.id}-confirm`}>
          <p id={`${props.id}-confirm`}>{props.confirmText}</p>
          {step.name === 'failed' && (
            <p role="alert" class="error-state">
              {writeFailureMessage(step.error, t)}
            </p>
          )}
          <button type="button" class="primary" disabled={step.name === 'sending'} onClick={run}>
            {step.name === 'sending' ? props.sendingLabel : props.confirmLabel}
          </button>{' '}
          <button type="button" disabled={step.name === 'sending'} onClick={() => setStep({ name: 'edit' })}>
            {t('action.back')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A labelled text field of an action's form. */
export function ActionField(props: { id: string; label: string; value: string; onInput: (value: string) => void; multiline?: boolean; inputMode?: 'decimal' | 'text'; invalid?: boolean }) {
  const onInput = (event: Event) => props.onInput((event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <p>
      <label for={props.id}>{props.label}</label>
      <br />
      {props.multiline ? (
        <textarea id={props.id} required rows={2} maxLength={1024} value={props.value} onInput={onInput} />
      ) : (
        <input id={props.id} required autoComplete="off" inputMode={props.inputMode ?? 'text'} maxLength={128} value={props.value} aria-invalid={props.invalid ? true : undefined} onInput={onInput} />
      )}
    </p>
  );
}

/** An amount typed by an agent, with a comma or a point: a positive number, else NaN. */
export function typedAmount(text: string): number {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : Number.NaN;
}
