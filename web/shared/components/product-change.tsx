import { useRef, useState } from 'preact/hooks';
import { useApi } from '../api-context.js';
import type { ApiError } from '../api-error.js';
import { apiPaths, type BillingAccount, type Product, type ProductChangePreview, type ProductOffering, type ProductOrder } from '../api-types.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useRequest } from '../use-request.js';
import { writeFailureMessage } from '../write-failure.js';
import { timeZoneOf } from '../account-time-zone.js';
import { RequestView } from './request-view.js';

export type ProductChangeAction = 'modify' | 'delete';

type Step = { name: 'choose' } | { name: 'previewing' } | { name: 'preview'; preview: ProductChangePreview } | { name: 'ordering'; preview: ProductChangePreview } | { name: 'failed'; error: ApiError; preview?: ProductChangePreview };

/**
 * Change a product's plan, or end it, knowing first what it costs: the preview
 * (POST /billing/v1/productChangePreview, docs/billing.md) gives the lines the next bill will
 * carry for it (the prepaid part credited back, the new plan for the rest of the period and
 * after), computed by the billing rules themselves; then the customer confirms, and a TMF622
 * order with a `modify` or `delete` item makes the change (one Idempotency-Key per order). The
 * plans offered are the other offerings on sale of the specification of the product's own
 * offering (a product whose offering is no longer on sale has none to move to here).
 *
 * The customer's portal and the agent desktop show the same page; staff give a reason, kept on
 * the order as a note.
 */
export function ProductChange({
  customerId,
  productId,
  action,
  accounts: readAccounts,
  back,
  backLabel,
  home,
  onOrdered,
  reasonFrom,
}: {
  customerId: string;
  productId: string;
  action: ProductChangeAction;
  /** The customer's billing accounts, for their time zones. */
  accounts: () => Promise<BillingAccount[]>;
  /** Where *back* and *cancel* go, and what the way back says. */
  back: string;
  backLabel: string;
  home: string;
  onOrdered: () => void;
  /** Staff record why they changed a customer's product: the note's author. */
  reasonFrom?: string;
}) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const request = useRequest(
    () =>
      Promise.all([
        readAccounts(),
        api.get<Product>(`${apiPaths.product}/${encodeURIComponent(productId)}`),
        action === 'modify' ? api.list<ProductOffering>(apiPaths.productOffering, { isBundle: 'false', isSellable: 'true', limit: 200 }).then((page) => page.items) : Promise.resolve([]),
      ]),
    [customerId, productId, action],
  );
  const [offeringId, setOfferingId] = useState<string | undefined>();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const key = useRef<string | undefined>(undefined);

  const preview = async (product: Product) => {
    setStep({ name: 'previewing' });
    try {
      const answer = await api.post<ProductChangePreview>(apiPaths.productChangePreview, {
        product: { id: product.id },
        action,
        ...(action === 'modify' ? { productOffering: { id: offeringId } } : {}),
      });
      setStep({ name: 'preview', preview: answer });
    } catch (error) {
      setStep({ name: 'failed', error: error as ApiError });
    }
  };

  const confirm = async (product: Product, previewed: ProductChangePreview) => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'ordering', preview: previewed });
    try {
      await api.post<ProductOrder>(
        apiPaths.productOrder,
        {
          billingAccount: { id: product.billingAccount.id },
          productOrderItem: [{ id: '1', action, product: { id: product.id }, ...(action === 'modify' ? { productOffering: { id: offeringId } } : {}) }],
          ...(reasonFrom !== undefined ? { note: [{ author: reasonFrom, text: reason.trim() }] } : {}),
        },
        { idempotencyKey: key.current },
      );
      key.current = undefined;
      onOrdered();
    } catch (error) {
      if (!(error as ApiError).retryable) key.current = undefined;
      setStep({ name: 'failed', error: error as ApiError, preview: previewed });
    }
  };

  return (
    <>
      <p class="breadcrumb">
        <a href={back}>{backLabel}</a>
      </p>
      <RequestView request={request} home={home}>
        {([accounts, product, offerings]) => {
          const zone = timeZoneOf(accounts, product.billingAccount.id);
          // The plans of the same kind: the offerings on sale of the product's own offering's specification.
          const specificationId = offerings.find((offering) => offering.id === product.productOffering.id)?.productSpecification?.id;
          const plans = offerings.filter((offering) => offering.id !== product.productOffering.id && specificationId !== undefined && offering.productSpecification?.id === specificationId);
          const shown = step.name === 'preview' || step.name === 'ordering' ? step.preview : step.name === 'failed' ? step.preview : undefined;
          return (
            <>
              <h1>{action === 'modify' ? t('change.title', { name: product.name }) : t('end.title', { name: product.name })}</h1>
              {product.status !== 'active' ? (
                <p role="status">{t('change.notActive', { status: t(`productStatus.${product.status}`) })}</p>
              ) : (
                <section aria-labelledby="change-choose" class="card">
                  <h2 id="change-choose">{action === 'modify' ? t('change.choose') : t('end.what')}</h2>
                  {action === 'modify' && plans.length === 0 && <p>{t('change.noPlans')}</p>}
                  {(action === 'delete' || plans.length > 0) && (
                    <form
                      onSubmit={(event) => {
                        event.preventDefault();
                        if (action === 'delete' || offeringId) void preview(product);
                      }}
                    >
                      {action === 'modify' ? (
                        <fieldset>
                          <legend>{t('change.plans', { name: product.name })}</legend>
                          {plans.map((plan) => (
                            <label class="choice" key={plan.id}>
                              <input
                                type="radio"
                                name="plan"
                                value={plan.id}
                                checked={offeringId === plan.id}
                                onChange={() => {
                                  setOfferingId(plan.id);
                                  setStep({ name: 'choose' });
                                }}
                              />{' '}
                              {plan.name}
                              {plan.description && <span class="help"> · {plan.description}</span>}
                            </label>
                          ))}
                        </fieldset>
                      ) : (
                        <p>{t('end.explain')}</p>
                      )}
                      <button type="submit" disabled={step.name === 'previewing' || (action === 'modify' && !offeringId)}>
                        {step.name === 'previewing' ? t('change.previewing') : t('change.preview')}
                      </button>
                    </form>
                  )}
                </section>
              )}
              {shown && <PreviewView preview={shown} zone={zone} locale={locale} action={action} />}
              {shown && (
                <div class="confirm" role="group" aria-labelledby="change-confirm">
                  <p id="change-confirm">
                    {action === 'modify'
                      ? t('change.confirmText', { from: product.name, to: shown.productOffering?.name ?? '', total: formatMoney(shown.taxIncludedAmount, locale) })
                      : t('end.confirmText', { name: product.name, total: formatMoney(shown.taxIncludedAmount, locale) })}
                  </p>
                  {step.name === 'failed' && (
                    <p role="alert" class="error-state">
                      {writeFailureMessage(step.error, t)}
                    </p>
                  )}
                  {reasonFrom !== undefined && (
                    <p>
                      <label for="change-reason">{t('action.reason')}</label>
                      <br />
                      <textarea id="change-reason" required maxLength={4096} rows={2} value={reason} onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)} />
                    </p>
                  )}
                  <button type="button" class="primary" disabled={step.name === 'ordering' || (reasonFrom !== undefined && reason.trim() === '')} onClick={() => confirm(product, shown)}>
                    {step.name === 'ordering' ? t('change.ordering') : action === 'modify' ? t('change.confirm') : t('end.confirm')}
                  </button>{' '}
                  <a href={back}>{t('action.cancel')}</a>
                </div>
              )}
              {step.name === 'failed' && !shown && (
                <p role="alert" class="error-state">
                  {writeFailureMessage(step.error, t)}
                </p>
              )}
            </>
          );
        }}
      </RequestView>
    </>
  );
}

function PreviewView({ preview, zone, locale, action }: { preview: ProductChangePreview; zone: string; locale: string; action: ProductChangeAction }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="change-preview" class="card">
      <h2 id="change-preview">{t('change.previewTitle')}</h2>
      <p>
        {t(action === 'modify' ? 'change.effective' : 'end.effective', { date: formatDateTime(preview.effectiveAt, zone, locale) })}{' '}
        {t('change.onBill', { date: formatDate(preview.nextBillDate, zone, locale) })}
      </p>
      <div class="table-scroll" role="region" aria-labelledby="change-lines" tabIndex={0}>
        <table>
          <caption id="change-lines">{t('change.linesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bill.line')}</th>
              <th scope="col">{t('bills.period')}</th>
              <th scope="col" class="number">
                {t('bill.includingTax')}
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((line, index) => (
              <tr key={index}>
                <th scope="row">{line.name}</th>
                <td>{line.periodCoverage ? t('bills.periodRange', { start: formatDate(line.periodCoverage.startDateTime, zone, locale), end: formatDate(line.periodCoverage.endDateTime, zone, locale) }) : '—'}</td>
                <td class="number">{formatMoney(line.taxIncludedAmount, locale)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('change.total')}
              </th>
              <td class="number amount">{formatMoney(preview.taxIncludedAmount, locale)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="help">{t('change.previewHelp')}</p>
    </section>
  );
}
