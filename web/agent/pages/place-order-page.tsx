import { useLocation } from 'preact-iso/router';
import { useRef, useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, type BillingAccount, type Customer, type PriceQuote, type ProductOffering, type ProductOrder } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { describePrice } from '../../shared/describe-price.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { writeFailureMessage } from '../../shared/write-failure.js';
import { agentPaths } from '../agent-paths.js';
import { useStaff } from '../staff-role.js';

type Step = { name: 'choose' } | { name: 'quoting' } | { name: 'quoted'; quote: PriceQuote } | { name: 'ordering'; quote: PriceQuote } | { name: 'failed'; error: ApiError; quote?: PriceQuote };

/**
 * An agent places an order for a customer: an account, an offering on sale, its price for that
 * account from the pricing engine (POST /pricing/v1/quote: the customer's currency, tax and
 * segment, promotions included), a reason kept on the order as a note, a confirmation, then a
 * TMF622 order with an `add` item (one Idempotency-Key per order) that order-to-cash takes on.
 */
export function PlaceOrderPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const staff = useStaff();
  const i18n = useI18n();
  const { t } = i18n;
  const { route } = useLocation();
  const request = useRequest(
    () =>
      Promise.all([
        api.get<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`, { fields: 'name' }),
        api.list<BillingAccount>(apiPaths.billingAccount, { 'relatedParty.id': customerId }).then((page) => page.items.filter((account) => account.state !== 'Closed')),
        api.list<ProductOffering>(apiPaths.productOffering, { isSellable: 'true', lifecycleStatus: 'Launched', limit: 200 }).then((page) => page.items),
      ]),
    [customerId],
  );
  const [accountId, setAccountId] = useState<string | undefined>();
  const [offeringId, setOfferingId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const key = useRef<string | undefined>(undefined);

  const quote = async (account: string, offering: string) => {
    setStep({ name: 'quoting' });
    try {
      setStep({ name: 'quoted', quote: await api.post<PriceQuote>(apiPaths.priceQuote, { billingAccount: { id: account }, item: [{ id: '1', productOffering: { id: offering } }] }) });
    } catch (error) {
      setStep({ name: 'failed', error: error as ApiError });
    }
  };
  const order = async (account: string, offering: string, quoted: PriceQuote) => {
    key.current ??= crypto.randomUUID();
    setStep({ name: 'ordering', quote: quoted });
    try {
      await api.post<ProductOrder>(
        apiPaths.productOrder,
        { billingAccount: { id: account }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offering } }], note: [{ author: staff.name, text: reason.trim() }] },
        { idempotencyKey: key.current },
      );
      key.current = undefined;
      route(agentPaths.customer(customerId));
    } catch (error) {
      // A lost answer may have placed the order: the same key replays it instead of placing another.
      if (!(error as ApiError).retryable) key.current = undefined;
      setStep({ name: 'failed', error: error as ApiError, quote: quoted });
    }
  };

  return (
    <RequestView request={request} home={agentPaths.search}>
      {([customer, accounts, offerings]) => {
        const account = accountId ?? accounts[0]?.id;
        const shown = step.name === 'quoted' || step.name === 'ordering' ? step.quote : step.name === 'failed' ? step.quote : undefined;
        const chosen = offerings.find((offering) => offering.id === offeringId);
        return (
          <>
            <p class="breadcrumb">
              <a href={agentPaths.customer(customerId)}>{t('order.back', { name: customer.name })}</a>
            </p>
            <h1>{t('order.title', { name: customer.name })}</h1>
            {accounts.length === 0 ? (
              <p role="status">{t('order.noAccount')}</p>
            ) : (
              <section aria-labelledby="order-choose" class="card">
                <h2 id="order-choose">{t('order.choose')}</h2>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (account && offeringId) void quote(account, offeringId);
                  }}
                >
                  {accounts.length > 1 && (
                    <p>
                      <label for="order-account">{t('customer360.account')}</label>
                      <br />
                      <select
                        id="order-account"
                        value={account}
                        onChange={(event) => {
                          setAccountId((event.currentTarget as HTMLSelectElement).value);
                          setStep({ name: 'choose' });
                        }}
                      >
                        {accounts.map((each) => (
                          <option key={each.id} value={each.id}>
                            {each.name}
                          </option>
                        ))}
                      </select>
                    </p>
                  )}
                  <p>
                    <label for="order-offering">{t('order.offering')}</label>
                    <br />
                    <select
                      id="order-offering"
                      required
                      value={offeringId ?? ''}
                      onChange={(event) => {
                        setOfferingId((event.currentTarget as HTMLSelectElement).value || undefined);
                        setStep({ name: 'choose' });
                      }}
                    >
                      <option value="">{t('order.pick')}</option>
                      {offerings.map((offering) => (
                        <option key={offering.id} value={offering.id}>
                          {offering.name}
                        </option>
                      ))}
                    </select>
                    {chosen?.description && <span class="help"> {chosen.description}</span>}
                  </p>
                  <button type="submit" disabled={!offeringId || step.name === 'quoting'}>
                    {step.name === 'quoting' ? t('order.quoting') : t('order.quote')}
                  </button>
                </form>
              </section>
            )}
            {shown && account && offeringId && (
              <section aria-labelledby="order-price" class="card">
                <h2 id="order-price">{t('order.price', { name: chosen?.name ?? '' })}</h2>
                <ul class="plain-list">
                  {shown.quoteTotalPrice.map((total, index) => (
                    <li key={index}>
                      {describePrice(total, i18n)}
                    </li>
                  ))}
                </ul>
                <div class="confirm" role="group" aria-labelledby="order-confirm">
                  <p id="order-confirm">{t('order.confirmText', { offering: chosen?.name ?? '', name: customer.name })}</p>
                  <p>
                    <label for="order-reason">{t('action.reason')}</label>
                    <br />
                    <textarea id="order-reason" required maxLength={4096} rows={2} value={reason} onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)} />
                  </p>
                  {step.name === 'failed' && (
                    <p role="alert" class="error-state">
                      {writeFailureMessage(step.error, t)}
                    </p>
                  )}
                  <button type="button" class="primary" disabled={step.name === 'ordering' || reason.trim() === ''} onClick={() => order(account, offeringId, shown)}>
                    {step.name === 'ordering' ? t('change.ordering') : t('order.confirm')}
                  </button>{' '}
                  <a href={agentPaths.customer(customerId)}>{t('action.cancel')}</a>
                </div>
              </section>
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
  );
}
