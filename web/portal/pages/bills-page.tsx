import { useApi } from '../../shared/api-context.js';
import { apiPaths, type CustomerBill } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate, formatMoney } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { newestFirst } from '../../shared/newest-first.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';

/** The customer's bills, newest first, each linking to its lines; what is left to pay stands out. */
export function BillsPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId),
        api.list<CustomerBill>(apiPaths.customerBill, { 'relatedParty.id': customerId, fields: 'billNo,billDate,paymentDueDate,state,billingAccount,taxIncludedAmount,remainingAmount' }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('bills.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, bills]) =>
          bills.items.length === 0 ? (
            <p>{t('bills.empty')}</p>
          ) : (
            <div class="table-scroll" role="region" aria-labelledby="bills-caption" tabIndex={0}>
              <table>
                <caption id="bills-caption">{t('bills.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bills.number')}</th>
                    <th scope="col">{t('bills.date')}</th>
                    <th scope="col">{t('bills.dueDate')}</th>
                    <th scope="col" class="number">{t('bills.total')}</th>
                    <th scope="col" class="number">{t('bills.remaining')}</th>
                    <th scope="col">{t('bills.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {newestFirst(bills.items, (bill) => bill.billDate).map((bill) => {
                    const zone = timeZoneOf(accounts, bill.billingAccount.id);
                    const open = bill.remainingAmount.value > 0;
                    return (
                      <tr key={bill.id} class={open ? 'open' : undefined}>
                        <th scope="row">
                          <a href={portalPaths.bill(bill.id)}>{bill.billNo ?? t('bills.draft')}</a>
                        </th>
                        <td>{formatDate(bill.billDate, zone, locale)}</td>
                        <td>{formatDate(bill.paymentDueDate, zone, locale)}</td>
                        <td class="number">{formatMoney(bill.taxIncludedAmount, locale)}</td>
                        <td class="number">{open ? <strong>{formatMoney(bill.remainingAmount, locale)}</strong> : formatMoney(bill.remainingAmount, locale)}</td>
                        <td>{t(`billState.${bill.state}`)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </RequestView>
    </>
  );
}
