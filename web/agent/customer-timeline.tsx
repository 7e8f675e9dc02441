import { useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import type { ApiError } from '../shared/api-error.js';
import { customerPaths, type CustomerTimeline } from '../shared/api-types.js';
import { RequestView } from '../shared/components/request-view.js';
import { formatDateTime } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { useRequest } from '../shared/use-request.js';
import { agentPaths } from './agent-paths.js';

/** One page of the timeline: enough to see what happened lately; older pages on demand. */
const pageSize = 20;

/**
 * What happened to the customer, newest first, from its domain events (GET …/timeline, staff;
 * docs/api.md "Customer timeline"): orders, bills, payments, dunning, cases, profile changes,
 * each at the instant it happened (a clocked customer's clock's), a case linking to its page. *Older events* reads the next page with the cursor the API gave.
 */
export function CustomerTimelineSection({ customerId, zone, refresh }: { customerId: string; zone: string; refresh: number }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const first = useRequest(() => api.get<CustomerTimeline>(customerPaths.timeline(customerId), { limit: pageSize }), [customerId, refresh]);
  const [older, setOlder] = useState<{ pages: CustomerTimeline[]; loading: boolean; error?: ApiError }>({ pages: [], loading: false });
  const readOlder = async (cursor: string) => {
    setOlder({ ...older, loading: true });
    try {
      const page = await api.get<CustomerTimeline>(customerPaths.timeline(customerId), { limit: pageSize, before: cursor });
      setOlder({ pages: [...older.pages, page], loading: false });
    } catch (error) {
      setOlder({ ...older, loading: false, error: error as ApiError });
    }
  };
  // The timeline is a read model of the events, written a moment after what it records: an
  // action's own entry may come after the 360 read it again, so it can be read again by hand.
  const readAgain = () => {
    setOlder({ pages: [], loading: false });
    if (first.status === 'done') first.reload();
    else if (first.status === 'failed') first.retry();
  };
  return (
    <section aria-labelledby="section-timeline" class="card">
      <h2 id="section-timeline">{t('customer360.timeline')}</h2>
      <p>
        <button type="button" onClick={readAgain}>
          {t('customer360.timelineAgain')}
        </button>
      </p>
      <RequestView request={first} home={agentPaths.search}>
        {(page) => {
          const pages = [page, ...older.pages];
          const events = pages.flatMap((each) => each.events);
          const next = pages[pages.length - 1]!.next;
          return events.length === 0 ? (
            <p>{t('customer360.noTimeline')}</p>
          ) : (
            <>
              <ol class="timeline">
                {events.map((event) => {
                  // A case has its page on the desktop; the rest is on this page already.
                  const href = event.resource.type === 'TroubleTicket' ? agentPaths.supportCase(event.resource.id) : undefined;
                  return (
                    <li key={event.eventId}>
                      <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt, zone, locale)}</time> {href ? <a href={href}>{event.summary}</a> : event.summary}
                    </li>
                  );
                })}
              </ol>
              {older.error && (
                <p role="alert" class="error-state">
                  {t('error.server')}
                </p>
              )}
              {next && (
                <button type="button" disabled={older.loading} onClick={() => readOlder(next)}>
                  {older.loading ? t('customer360.loadingOlder') : t('customer360.olderEvents')}
                </button>
              )}
            </>
          );
        }}
      </RequestView>
    </section>
  );
}

