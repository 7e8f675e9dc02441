import { useApi } from '../../shared/api-context.js';
import { apiPaths, type CommunicationMessage } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDateTime } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { newestFirst } from '../../shared/newest-first.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';

/** As many as the API lists in one page; older messages stay in the customer's data download. */
const messagesShown = 100;

/**
 * The messages the customer received (TMF681), newest first: each e-mail or SMS with when it was
 * sent, what it said, and the bill it was about. The API narrows a customer's list to its own.
 */
export function MessagesPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId),
        api.list<CommunicationMessage>(apiPaths.communicationMessage, { 'receiver.id': customerId, fields: 'subject,content,sendTime,billingAccount,bill,messageType', limit: messagesShown }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('messages.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, messages]) =>
          messages.items.length === 0 ? (
            <p>{t('home.noMessages')}</p>
          ) : (
            <ul class="message-list">
              {newestFirst(messages.items, (message) => message.sendTime).map((message) => (
                <li key={message.id} class="card">
                  <details>
                    <summary>
                      <span class="message-subject">{message.subject ?? t(`messages.channel.${message.messageType}`)}</span>{' '}
                      <span class="help">
                        {t(`messages.channel.${message.messageType}`)} · <time dateTime={message.sendTime}>{formatDateTime(message.sendTime, timeZoneOf(accounts, message.billingAccount?.id), locale)}</time>
                      </span>
                    </summary>
                    <p class="message-content">{message.content}</p>
                    {message.bill && (
                      <p>
                        <a href={portalPaths.bill(message.bill.id)}>{t('messages.seeBill')}</a>
                      </p>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          )
        }
      </RequestView>
    </>
  );
}
