import { useLocation } from 'preact-iso/router';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type CaseStatus, type Severity, type SupportCase } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDateTime } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { caseStatusLabel, caseTitle, statusOfCase } from '../../shared/support-case.js';
import { useRequest } from '../../shared/use-request.js';
import { agentPaths, type CaseQueueFilter } from '../agent-paths.js';
import { caseQueueQuery, openCaseStatuses } from '../case-queue.js';

const statuses: readonly CaseStatus[] = ['submitted', 'acknowledged', 'inProgress', 'pending', 'held', 'resolved', 'closed', 'cancelled', 'rejected'];
const severities: readonly Severity[] = ['Critical', 'Major', 'Minor'];
const ages = [0, 1, 3, 7, 30] as const;
/** A queue page: the oldest first, as many as one page of the API holds. */
const casesShown = 100;
/** Staff read a queue in their own time zone; a case's customer may be anywhere. */
const agentTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The support queue: every customer's cases, oldest first (the API's order for a queue), by
 * status (the open ones unless asked), severity and age. The filters are in the URL, so Back
 * returns to the same queue and a colleague can be sent it.
 */
export function CaseQueuePage() {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { query, route } = useLocation();
  const filter: CaseQueueFilter = { status: query.status ?? 'open', severity: query.severity ?? '', olderThanDays: Number(query.age ?? 0) || 0 };
  const request = useRequest(() => api.list<SupportCase>(apiPaths.troubleTicket, { ...caseQueueQuery(filter, new Date()), limit: casesShown }), [filter.status, filter.severity, filter.olderThanDays]);
  const change = (next: Partial<CaseQueueFilter>) => route(agentPaths.caseQueue({ ...filter, ...next }));
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label={t('queue.filters')}>
        <p>
          <label for="queue-status">{t('case.status')}</label>
          <br />
          <select id="queue-status" value={filter.status} onChange={(event) => change({ status: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="open">{t('queue.open', { count: openCaseStatuses.length })}</option>
            <option value="all">{t('queue.all')}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {t(caseStatusLabel(status, 'agent'))}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="queue-severity">{t('case.severity')}</label>
          <br />
          <select id="queue-severity" value={filter.severity} onChange={(event) => change({ severity: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t('queue.anySeverity')}</option>
            {severities.map((severity) => (
              <option key={severity} value={severity}>
                {t(`agentSeverity.${severity}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="queue-age">{t('queue.age')}</label>
          <br />
          <select id="queue-age" value={String(filter.olderThanDays)} onChange={(event) => change({ olderThanDays: Number((event.currentTarget as HTMLSelectElement).value) })}>
            {ages.map((days) => (
              <option key={days} value={String(days)}>
                {days === 0 ? t('queue.anyAge') : t('queue.olderThan', { days })}
              </option>
            ))}
          </select>
        </p>
      </form>
      <RequestView request={request} home={agentPaths.search}>
        {(cases) =>
          cases.items.length === 0 ? (
            <p role="status">{t('queue.empty')}</p>
          ) : (
            <div class="table-scroll" role="region" aria-labelledby="queue-caption" tabIndex={0}>
              <table>
                <caption id="queue-caption">{t('queue.caption', { shown: cases.items.length, total: cases.total ?? cases.items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('queue.case')}</th>
                    <th scope="col">{t('queue.customer')}</th>
                    <th scope="col">{t('case.opened')}</th>
                    <th scope="col">{t('case.severity')}</th>
                    <th scope="col">{t('case.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.items.map((supportCase) => (
                    <tr key={supportCase.id}>
                      <th scope="row">
                        <a href={agentPaths.supportCase(supportCase.id)}>{caseTitle(supportCase, i18n)}</a>
                      </th>
                      <td>
                        <a href={agentPaths.customer(supportCase.relatedParty[0].id)}>{supportCase.relatedParty[0].name}</a>
                      </td>
                      <td>
                        <time dateTime={supportCase.creationDate}>{formatDateTime(supportCase.creationDate, agentTimeZone, locale)}</time>
                      </td>
                      <td>{t(`agentSeverity.${supportCase.severity}`)}</td>
                      <td>
                        <span class={`status status-case-${statusOfCase(supportCase)}`}>{t(caseStatusLabel(statusOfCase(supportCase), 'agent'))}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </RequestView>
    </>
  );
}
