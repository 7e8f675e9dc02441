import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type BillingAccount, type CommunicationMessage, type CustomerBill } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { newestFirst } from '../../shared/newest-first.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { PayForm } from '../pay-form.js';
import { portalPaths } from '../portal-paths.js';

const recentMessages = 5;

/**
 * Home: per account, its balance and payment status (with a call to action when overdue or
 * suspended), its latest and next bill dates; then the latest messages. Three requests: the
 * accounts, the bills, the messages (docs/web.md lists what a composite read would add).
 */
export function HomePage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId, { fresh: true }),
        api.list<CustomerBill>(apiPaths.customerBill, { 'relatedParty.id': customerId, fields: 'billNo,billDate,nextBillDate,state,billingAccount,taxIncludedAmount' }),
        api.list<CommunicationMessage>(apiPaths.communicationMessage, { 'receiver.id': customerId, fields: 'subject,sendTime,billingAccount,messageType' }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('home.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, bills, messages]) => (
          <>
            {accounts.length === 0 && <p>{t('home.noAccount')}</p>}
            {accounts.map((account) => (
              <AccountSummary
                key={account.id}
                customerId={customerId}
                account={account}
                bills={bills.items.filter((bill) => bill.billingAccount.id === account.id)}
                multiple={accounts.length > 1}
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
        )}
      </RequestView>
    </>
  );
}

function AccountSummary({ customerId, account, bills, multiple, onPaid }: { customerId: string; account: BillingAccount; bills: CustomerBill[]; multiple: boolean; onPaid: () => void }) {
  const { t, locale } = useI18n();
  const [paying, setPaying] = useState(false);
  const balance = account.accountBalance?.[0]?.amount ?? { unit: account.currency, value: 0 };
  const latest = newestFirst(bills, (bill) => bill.billDate)[0];
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
          <dd>{latest?.nextBillDate ? formatDate(latest.nextBillDate, account.timeZone, locale) : t('home.noNextBill')}</dd>
        </div>
      </dl>
      <p class="help">{t('home.balanceHelp')}</p>
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
