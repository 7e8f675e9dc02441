import { useApi } from '../../shared/api-context.js';
import { apiPaths, type SupportCase } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { newestFirst } from '../../shared/newest-first.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';
import { caseTitle, statusOfCase } from '../../shared/support-case.js';

/**
 * The customer's support cases (TMF621), newest first, and the way to open one. The API narrows
 * a customer's list to its own cases; it lists oldest first (an agent's queue), so the page sorts.
 */
export function SupportCasesPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId),
        api.list<SupportCase>(apiPaths.troubleTicket, { 'relatedParty.id': customerId, fields: 'name,ticketType,status,creationDate,lastUpdate', limit: 100 }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('support.title')}</h1>
      <p>
        <a class="button primary" href={portalPaths.newSupportCase}>
          {t('support.open')}
        </a>
      </p>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, cases]) => {
          const zone = timeZoneOf(accounts, undefined);
          return cases.items.length === 0 ? (
            <p>{t('support.empty')}</p>
          ) : (
            <div class="table-scroll" role="region" aria-labelledby="cases-caption" tabIndex={0}>
              <table>
                <caption id="cases-caption">{t('support.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('support.case')}</th>
                    <th scope="col">{t('support.opened')}</th>
                    <th scope="col">{t('support.status')}</th>
                    <th scope="col">{t('support.lastUpdate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {newestFirst(cases.items, (supportCase) => supportCase.creationDate).map((supportCase) => (
                    <tr key={supportCase.id}>
                      <th scope="row">
                        <a href={portalPaths.supportCase(supportCase.id)}>{caseTitle(supportCase, i18n)}</a>
                      </th>
                      <td>{formatDate(supportCase.creationDate, zone, locale)}</td>
                      <td>
                        <span class={`status status-case-${statusOfCase(supportCase)}`}>{t(`caseStatus.${statusOfCase(supportCase)}`)}</span>
                      </td>
                      <td>{formatDate(supportCase.lastUpdate, zone, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </RequestView>
    </>
  );
}
