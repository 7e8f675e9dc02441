import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type AccountOverview, type AccountOverviewEntry, type BillEstimate, type CommunicationMessage } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { newestFirst } from '../../shared/newest-first.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { PayForm } from '../pay-form.js';
import { portalPaths } from '../portal-paths.js';
import { UsageAllowance } from '../usage-allowance.js';

const recentMessages = 5;

/**
 * Home: per account, its balance and payment status (with a call to action when overdue or
 * suspended), its latest bill, its next bill's date and an estimate of it, and this period's
 * usage against the allowances; then the latest messages. Two requests: the account overview
 * (GET /billing/v1/accountOverview, one read for all of that, the one mobile apps make too) and
 * the messages.
 */
export function HomePage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () =>
      Promise.all([
        api.get<AccountOverview>(apiPaths.accountOverview, { 'relatedParty.id': customerId }),
        api.list<CommunicationMessage>(apiPaths.communicationMessage, { 'receiver.id': customerId, fields: 'subject,sendTime,billingAccount,messageType' }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('home.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([overview, messages]) => {
          const accounts = overview.accounts.map((entry) => entry.billingAccount);
          return (
            <>
              {overview.accounts.length === 0 && <p>{t('home.noAccount')}</p>}
              {overview.accounts.map((entry) => (
                <AccountSummary
                  key={entry.billingAccount.id}
                  customerId={customerId}
                  entry={entry}
                  multiple={overview.accounts.length > 1}
                  onPaid={() => request.status === 'done' && request.reload()}
                />
              ))}
              <section aria-labelledby="messages-title" class="card">
                <h2 id="messages-title">{t('home.messages')}</h2>
                {messages.items.length === 0 ? (
                  <p>{t('home.noMessages')}</p>
                ) : (
                  <ul class="messages">
                    {newestFirst(messages.items, (message) => message.sendTime)
                      .slice(0, recentMessages)
                      .map((message) => (
                        <li key={message.id}>
                          <span class="message-subject">{message.subject ?? message.messageType}</span>{' '}
                          <time dateTime={message.sendTime}>{formatDateTime(message.sendTime, timeZoneOf(accounts, message.billingAccount?.id), locale)}</time>
                        </li>
                      ))}
                  </ul>
                )}
                <p>
                  <a href={portalPaths.messages}>{t('home.allMessages')}</a>
                </p>
              </section>
            </>
          );
        }}
      </RequestView>
    </>
  );
}

function AccountSummary({ customerId, entry, multiple, onPaid }: { customerId: string; entry: AccountOverviewEntry; multiple: boolean; onPaid: () => void }) {
  const { t, locale } = useI18n();
  const [paying, setPaying] = useState(false);
  const account = entry.billingAccount;
  const balance = account.accountBalance?.[0]?.amount ?? { unit: account.currency, value: 0 };
  const { latestBill: latest, nextBill: next } = entry;
  const needsPayment = account.paymentStatus === 'overdue' || account.state === 'Suspended';
  const headingId = `account-${account.id}`;
  return (
    <section aria-labelledby={headingId} class={`card account${needsPayment ? ' attention' : ''}`}>
      <h2 id={headingId}>{multiple ? t('home.account', { name: account.name }) : t('home.balance')}</h2>
      {needsPayment && (
        <div class="call-to-action" role="alert">
          <p>{account.state === 'Suspended' ? t('home.suspended') : t('home.overdue')}</p>
          <a class="button primary" href={portalPaths.bills}>
            {t('home.seeOpenBills')}
          </a>
        </div>
      )}
      <dl class="facts">
        <div>
          <dt>{t('home.balance')}</dt>
          <dd class="amount">{formatMoney(balance, locale)}</dd>
        </div>
        <div>
          <dt>{t('home.paymentStatus')}</dt>
          <dd class={`status status-${account.paymentStatus}`}>{t(`home.status.${account.paymentStatus}`)}</dd>
        </div>
        <div>
          <dt>{t('home.latestBill')}</dt>
          <dd>
            {latest ? (
              <a href={portalPaths.bill(latest.id)}>
                {formatDate(latest.billDate, account.timeZone, locale)} · {formatMoney(latest.taxIncludedAmount, locale)}
              </a>
            ) : (
              t('home.noBills')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('home.nextBillDate')}</dt>
          <dd>
            {next ? formatDate(next.billDate, account.timeZone, locale) : t('home.noNextBill')}
            {next?.estimate && <span class="line-period">{t('home.estimate', { amount: formatMoney(next.estimate.taxIncludedAmount, locale) })}</span>}
          </dd>
        </div>
      </dl>
      <p class="help">{t('home.balanceHelp')}</p>
      {next?.estimate && <EstimateLines estimate={next.estimate} timeZone={account.timeZone} />}
      {entry.usage.length > 0 && (
        <section aria-labelledby={`${headingId}-usage`}>
          <h3 id={`${headingId}-usage`}>{t('home.usage')}</h3>
          {entry.usage.map((product) => (
            <div key={product.product.id} class="usage-entry">
              <p class="usage-product">{product.product.name}</p>
              {product.prices.length === 0 ? (
                <p>{t('usage.nothing')}</p>
              ) : (
                product.prices.map((price, index) => <UsageAllowance key={index} entry={price} id={`${headingId}-${product.product.id}-${index}`} heading="h4" />)
              )}
            </div>
          ))}
          <p>
            <a href={portalPaths.usage}>{t('home.allUsage')}</a>
          </p>
        </section>
      )}
      {/* Stays open once paid, so the thank-you stays on screen while the balance reads again. */}
      {paying ? (
        <PayForm customerId={customerId} target={{ kind: 'balance', accountId: account.id, balance }} account={account} onPaid={onPaid} />
      ) : (
        balance.value > 0 && (
          <button type="button" class="primary" onClick={() => setPaying(true)}>
            {t('home.payBalance')}
          </button>
        )
      )}
    </section>
  );
}

/** What the next bill would charge if it were issued with what is known now: its lines, tax and total. */
function EstimateLines({ estimate, timeZone }: { estimate: BillEstimate; timeZone: string }) {
  const { t, locale } = useI18n();
  return (
    <details>
      <summary>{t('home.estimateDetails')}</summary>
      <p class="help">{t('home.estimateHelp', { upTo: formatDateTime(estimate.usageUpTo, timeZone, locale) })}</p>
      <table>
        <caption class="visually-hidden">{t('home.estimateDetails')}</caption>
        <tbody>
          {estimate.lines.map((line, index) => (
            <tr key={index}>
              <th scope="row">{line.product ? `${line.product.name}: ${line.name}` : line.name}</th>
              <td class="number">{formatMoney(line.amount, locale)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('home.estimateTax')}</th>
            <td class="number">{formatMoney(estimate.taxAmount, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t('home.estimateTotal')}</th>
            <td class="number">{formatMoney(estimate.taxIncludedAmount, locale)}</td>
          </tr>
        </tbody>
      </table>
    </details>
  );
}
