import { useApi } from '../../shared/api-context.js';
import { apiPaths, type ProductOrder } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDateTime, formatMoney } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { newestFirst } from '../../shared/newest-first.js';
import { useLiveOrders } from '../../shared/live-orders.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';

/**
 * The customer's orders, newest first, with their live state: while any order is still moving
 * (acknowledged, in progress), the page reads them again every few seconds without leaving the
 * list, and a polite live region says when one changed.
 */
export function OrdersPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(() => Promise.all([customerAccounts(api, customerId), api.list<ProductOrder>(apiPaths.productOrder, { 'relatedParty.id': customerId, limit: 100 })]), [customerId]);
  const moving = useLiveOrders(request, request.status === 'done' ? request.data[1].items : undefined);
  return (
    <>
      <h1>{t('orders.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, orders]) =>
          orders.items.length === 0 ? (
            <p>{t('orders.empty')}</p>
          ) : (
            <>
              <p class="help" role="status" aria-live="polite">
                {moving ? t('orders.live') : t('orders.allDone')}
              </p>
              <div class="table-scroll" role="region" aria-labelledby="orders-caption" tabIndex={0}>
                <table>
                  <caption id="orders-caption">{t('orders.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('orders.what')}</th>
                      <th scope="col">{t('orders.placed')}</th>
                      <th scope="col" class="number">{t('orders.total')}</th>
                      <th scope="col">{t('orders.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {newestFirst(orders.items, (order) => order.orderDate).map((order) => {
                      const zone = timeZoneOf(accounts, order.billingAccount.id);
                      const total = order.orderTotalPrice.find((price) => price.priceType === 'oneTime') ?? order.orderTotalPrice[0];
                      return (
                        <tr key={order.id}>
                          <th scope="row">
                            <a href={portalPaths.order(order.id)}>{order.productOrderItem.map((item) => item.productOffering?.name ?? item.productOffering?.id ?? item.id).join(', ')}</a>
                            <span class="line-period">{t('orders.number', { id: order.id })}</span>
                          </th>
                          <td>{formatDateTime(order.orderDate, zone, locale)}</td>
                          <td class="number">{total ? formatMoney(total.price.taxIncludedAmount, locale) : '—'}</td>
                          <td>
                            <span class={`status status-${order.state}`}>{t(`orderState.${order.state}`)}</span>
                            {order.stateReason && <span class="line-period">{order.stateReason}</span>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </RequestView>
    </>
  );
}
