import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type OrderState, type ProductOrder } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { describePrice } from '../../shared/describe-price.js';
import { formatDateTime } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useLiveOrders } from '../../shared/live-orders.js';
import { save, type Saving } from '../../shared/save-state.js';
import { useRequest } from '../../shared/use-request.js';
import { writeFailureMessage } from '../../shared/write-failure.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { customerAccounts } from '../customer-accounts.js';
import { portalPaths } from '../portal-paths.js';

/**
 * The states in which a customer may ask to cancel: the API accepts the request while nothing of
 * the order has gone to provisioning (docs/orders.md) and answers 409 with the reason once it has,
 * which the page then shows.
 */
const cancellable: readonly OrderState[] = ['acknowledged', 'inProgress'];

/**
 * One order: its items with their prices and states, its dates, its live state (read again every
 * few seconds while it moves), and a cancellation with a reason while it may still be cancelled.
 * Another customer's order (an edited URL) is a 404 from the API, shown as the not-found page.
 */
export function OrderPage({ customerId, orderId }: { customerId: string; orderId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(() => Promise.all([customerAccounts(api, customerId), api.get<ProductOrder>(`${apiPaths.productOrder}/${encodeURIComponent(orderId)}`)]), [customerId, orderId]);
  useLiveOrders(request, request.status === 'done' ? [request.data[1]] : undefined);
  return (
    <RequestView request={request} home={portalPaths.home}>
      {([accounts, order]) => {
        const zone = timeZoneOf(accounts, order.billingAccount.id);
        return (
          <>
            <p class="breadcrumb">
              <a href={portalPaths.orders}>{t('order.backToOrders')}</a>
            </p>
            <h1>{t('orders.number', { id: order.id })}</h1>
            <dl class="facts">
              <div>
                <dt>{t('orders.state')}</dt>
                <dd aria-live="polite">
                  <span class={`status status-${order.state}`}>{t(`orderState.${order.state}`)}</span>
                  {order.stateReason && <span class="line-period">{order.stateReason}</span>}
                </dd>
              </div>
              <div>
                <dt>{t('orders.placed')}</dt>
                <dd>{formatDateTime(order.orderDate, zone, locale)}</dd>
              </div>
              {order.requestedStartDate && (
                <div>
                  <dt>{t('order.requestedStart')}</dt>
                  <dd>{formatDateTime(order.requestedStartDate, zone, locale)}</dd>
                </div>
              )}
              {order.completionDate && (
                <div>
                  <dt>{t('order.completed')}</dt>
                  <dd>{formatDateTime(order.completionDate, zone, locale)}</dd>
                </div>
              )}
              {order.cancellationDate && (
                <div>
                  <dt>{t('order.cancelled')}</dt>
                  <dd>{formatDateTime(order.cancellationDate, zone, locale)}</dd>
                </div>
              )}
            </dl>
            <div class="table-scroll" role="region" aria-labelledby="order-items-caption" tabIndex={0}>
              <table>
                <caption id="order-items-caption">{t('order.items')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('orders.what')}</th>
                    <th scope="col">{t('order.prices')}</th>
                    <th scope="col">{t('orders.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {order.productOrderItem.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        {item.productOffering?.name ?? item.productOffering?.id ?? item.product.id}
                        <span class="line-period">{t(`order.action.${item.action}`)}</span>
                      </th>
                      <td>{item.itemTotalPrice.map((price) => describePrice(price, i18n)).join(' · ') || '—'}</td>
                      <td>
                        {t(`orderState.${item.state}`)}
                        {item.stateReason && <span class="line-period">{item.stateReason}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {order.state === 'pendingCancellation' ? (
              <p role="status" class="success">
                {t('order.cancelAsked')}
              </p>
            ) : (
              cancellable.includes(order.state) && <CancelOrder order={order} onCancelled={() => request.status === 'done' && request.reload()} />
            )}
          </>
        );
      }}
    </RequestView>
  );
}

/** Asks for the cancellation, with the customer's reason, once confirmed. */
function CancelOrder({ order, onCancelled }: { order: ProductOrder; onCancelled: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState<Saving>('idle');
  const submit = (event: Event) => {
    event.preventDefault();
    void save(
      setSaving,
      () => api.post(apiPaths.cancelProductOrder, { productOrder: { id: order.id }, ...(reason.trim() ? { cancellationReason: reason.trim() } : {}) }),
      onCancelled,
    );
  };
  return (
    <section aria-labelledby="cancel-order" class="card">
      <h2 id="cancel-order">{t('order.cancelTitle')}</h2>
      <p class="help">{t('order.cancelHelp')}</p>
      {saving === 'saved' ? (
        <p role="status" class="success">
          {t('order.cancelAsked')}
        </p>
      ) : !confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('order.cancelButton')}
        </button>
      ) : (
        <form onSubmit={submit}>
          <p>
            <label for="cancel-reason">{t('order.cancelReason')}</label>
            <br />
            <input id="cancel-reason" name="reason" maxLength={1024} value={reason} onInput={(event) => setReason((event.currentTarget as HTMLInputElement).value)} />
          </p>
          <p>
            <button type="submit" class="primary" disabled={saving === 'busy'}>
              {saving === 'busy' ? t('order.cancelling') : t('order.cancelConfirm')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('order.keep')}
            </button>
          </p>
          {typeof saving === 'object' && (
            <p role="alert" class="error-state">
              {writeFailureMessage(saving.error, t)}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
