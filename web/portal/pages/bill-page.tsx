import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type AppliedCustomerBillingRate, type CustomerBill } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate, formatMoney, formatPercent } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { DownloadButton } from '../../shared/components/download-button.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { isPayable, PayForm } from '../pay-form.js';
import { portalPaths } from '../portal-paths.js';

/**
 * One bill: its summary, its lines with their tax, its taxes by rate, and its PDF. Another
 * customer's bill (an edited URL) is a 404 from the API, shown as the not-found page.
 */
export function BillPage({ customerId, billId }: { customerId: string; billId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  // Once paid here, the payment section stays to say so while the bill is read again.
  const [paid, setPaid] = useState(false);
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId),
        api.get<CustomerBill>(`${apiPaths.customerBill}/${encodeURIComponent(billId)}`),
        api.list<AppliedCustomerBillingRate>(apiPaths.appliedCustomerBillingRate, { 'bill.id': billId, limit: 1000 }),
      ]),
    [customerId, billId],
  );
  return (
    <RequestView request={request} home={portalPaths.home}>
      {([accounts, bill, lines]) => {
        const zone = timeZoneOf(accounts, bill.billingAccount.id);
        const number = bill.billNo ?? t('bills.draft');
        return (
          <>
            <p class="breadcrumb">
              <a href={portalPaths.bills}>{t('bill.backToBills')}</a>
            </p>
            <h1>{t('bill.title', { number })}</h1>
            <section aria-labelledby="bill-summary" class="card">
              <h2 id="bill-summary">{t('bill.summary')}</h2>
              <dl class="facts">
                <div>
                  <dt>{t('bills.date')}</dt>
                  <dd>{formatDate(bill.billDate, zone, locale)}</dd>
                </div>
                <div>
                  <dt>{t('bills.period')}</dt>
                  <dd>{t('bills.periodRange', { start: formatDate(bill.billingPeriod.startDateTime, zone, locale), end: formatDate(bill.billingPeriod.endDateTime, zone, locale) })}</dd>
                </div>
                <div>
                  <dt>{t('bills.dueDate')}</dt>
                  <dd>{formatDate(bill.paymentDueDate, zone, locale)}</dd>
                </div>
                <div>
                  <dt>{t('bills.state')}</dt>
                  <dd>{t(`billState.${bill.state}`)}</dd>
                </div>
                <div>
                  <dt>{t('bills.total')}</dt>
                  <dd class="amount">{formatMoney(bill.taxIncludedAmount, locale)}</dd>
                </div>
                <div>
                  <dt>{t('bills.remaining')}</dt>
                  <dd class="amount">{formatMoney(bill.remainingAmount, locale)}</dd>
                </div>
              </dl>
              {bill.billDocument && bill.billDocument.length > 0 ? (
                <DownloadButton
                  id={`document-${bill.id}`}
                  path={`${apiPaths.customerBill}/${encodeURIComponent(bill.id)}/document`}
                  accept="application/pdf"
                  fileName={`${number}.pdf`}
                  label={t('bill.download')}
                  busyLabel={t('bill.downloading')}
                  missingText={t('bill.noDocument')}
                />
              ) : <p>{t('bill.noDocument')}</p>}
            </section>
            {(isPayable(bill) || paid) && (
              <PayForm
                customerId={customerId}
                target={{ kind: 'bill', bill }}
                account={accounts.find((account) => account.id === bill.billingAccount.id)}
                onPaid={() => {
                  setPaid(true);
                  if (request.status === 'done') request.reload();
                }}
              />
            )}
            <section aria-labelledby="bill-lines">
              <h2 id="bill-lines">{t('bill.lines')}</h2>
              {lines.items.length === 0 ? (
                <p>{t('bill.noLines')}</p>
              ) : (
                <div class="table-scroll" role="region" aria-labelledby="bill-lines-caption" tabIndex={0}>
                  <table>
                    <caption id="bill-lines-caption">{t('bill.linesCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('bill.line')}</th>
                        <th scope="col" class="number">{t('bill.excludingTax')}</th>
                        <th scope="col" class="number">{t('bill.tax')}</th>
                        <th scope="col" class="number">{t('bill.includingTax')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {lines.items.map((line) => (
                        <tr key={line.id}>
                          <th scope="row">
                            {line.name}
                            {line.periodCoverage && (
                              <span class="line-period">
                                {t('bills.periodRange', { start: formatDate(line.periodCoverage.startDateTime, zone, locale), end: formatDate(line.periodCoverage.endDateTime, zone, locale) })}
                              </span>
                            )}
                          </th>
                          <td class="number">{formatMoney(line.taxExcludedAmount, locale)}</td>
                          <td class="number">{formatMoney(lineTax(line), locale)}</td>
                          <td class="number">{formatMoney(line.taxIncludedAmount, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            {bill.taxItem.length > 0 && (
              <section aria-labelledby="bill-taxes">
                <h2 id="bill-taxes">{t('bill.taxes')}</h2>
                <div class="table-scroll" role="region" aria-labelledby="bill-taxes-caption" tabIndex={0}>
                  <table>
                    <caption id="bill-taxes-caption">{t('bill.taxesCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('bill.taxCategory')}</th>
                        <th scope="col" class="number">{t('bill.taxRate')}</th>
                        <th scope="col" class="number">{t('bill.tax')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {bill.taxItem.map((tax) => (
                        <tr key={`${tax.taxCategory}-${tax.taxRate}`}>
                          <th scope="row">{tax.taxCategory}</th>
                          <td class="number">{formatPercent(tax.taxRate, locale)}</td>
                          <td class="number">{formatMoney(tax.taxAmount, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
          </>
        );
      }}
    </RequestView>
  );
}

/**
 * A line's tax: the sum of its applied taxes (a line may carry more than one), rounded well
 * below any currency's smallest unit to drop floating-point noise before Intl rounds for display.
 */
function lineTax(line: AppliedCustomerBillingRate): { unit: string; value: number } {
  const value = line.appliedTax.reduce((sum, tax) => sum + tax.taxAmount.value, 0);
  return { unit: line.taxIncludedAmount.unit, value: Math.round(value * 10_000) / 10_000 };
}
