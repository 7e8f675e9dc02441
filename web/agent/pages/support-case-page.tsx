import { useState } from 'preact/hooks';
import type { Versioned } from '../../shared/api-client.js';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, type CaseStatus, type SupportCase } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDateTime } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { CaseHistory, CaseNotes } from '../../shared/components/support-case-parts.js';
import { caseStatusLabel, caseTitle, statusOfCase } from '../../shared/support-case.js';
import { useRequest } from '../../shared/use-request.js';
import { agentNextStatuses, reasonRequired } from '../agent-case-actions.js';
import { agentPaths } from '../agent-paths.js';
import { writeFailureMessage } from '../../shared/write-failure.js';

type Outcome = 'idle' | 'busy' | 'done' | { error: ApiError };

/**
 * Working a support case: what it is, the conversation and the history, and one form to move it
 * on (the statuses the lifecycle allows an agent from here, with the reason the customer is told
 * when one is needed) and to add a note, alone or with the move. One PATCH with If-Match, so a
 * customer's note or a colleague's change meanwhile is shown, not overwritten.
 */
export function AgentSupportCasePage({ caseId }: { caseId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(() => api.getVersioned<SupportCase>(`${apiPaths.troubleTicket}/${encodeURIComponent(caseId)}`), [caseId]);
  const [target, setTarget] = useState<CaseStatus | ''>('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('idle');

  const submit = async (read: Versioned<SupportCase>) => {
    setOutcome('busy');
    try {
      await api.patch<SupportCase>(
        `${apiPaths.troubleTicket}/${encodeURIComponent(caseId)}`,
        {
          ...(target ? { status: target, ...(reason.trim() ? { statusChangeReason: reason.trim() } : {}) } : {}),
          ...(note.trim() ? { note: [{ text: note.trim() }] } : {}),
        },
        { ifMatch: read.etag },
      );
      setOutcome('done');
      setTarget('');
      setReason('');
      setNote('');
    } catch (error) {
      setOutcome({ error: error as ApiError });
    }
    if (request.status === 'done') request.reload();
  };

  return (
    <RequestView request={request} home={agentPaths.search}>
      {(read) => {
        const supportCase = read.body;
        const status = statusOfCase(supportCase);
        const moves = agentNextStatuses(status);
        const customer = supportCase.relatedParty[0];
        // The agent's own time zone: the instants are the customer's (its test clock's), read where the agent is.
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        const needsReason = target !== '' && reasonRequired(status, target);
        return (
          <>
            <p class="breadcrumb">
              <a href={agentPaths.customer(customer.id)}>{t('agent.backToCustomer', { name: customer.name })}</a>
            </p>
            <h1>{t('case.title', { name: caseTitle(supportCase, i18n) })}</h1>
            <section aria-labelledby="case-details" class="card">
              <h2 id="case-details">{t('case.details')}</h2>
              <dl class="facts facts-inline">
                <div>
                  <dt>{t('case.status')}</dt>
                  <dd>
                    <span class={`status status-case-${status}`}>{t(caseStatusLabel(status, 'agent'))}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('case.type')}</dt>
                  <dd>{t(`ticketType.${supportCase.ticketType}`)}</dd>
                </div>
                <div>
                  <dt>{t('case.severity')}</dt>
                  <dd>{t(`severity.${supportCase.severity}`)}</dd>
                </div>
                <div>
                  <dt>{t('agentCase.priority')}</dt>
                  <dd>{supportCase.priority}</dd>
                </div>
                <div>
                  <dt>{t('case.opened')}</dt>
                  <dd>{formatDateTime(supportCase.creationDate, zone, locale)}</dd>
                </div>
                {supportCase.relatedEntity.length > 0 && (
                  <div>
                    <dt>{t('case.about')}</dt>
                    <dd>{supportCase.relatedEntity.map((entity) => entity.name).join(', ')}</dd>
                  </div>
                )}
              </dl>
              <p class="case-description">{supportCase.description}</p>
            </section>

            <section aria-labelledby="case-work" class="card">
              <h2 id="case-work">{t('agentCase.work')}</h2>
              {moves.length === 0 && <p>{t('agentCase.over')}</p>}
              {moves.length > 0 && (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (target || note.trim()) void submit(read);
                  }}
                >
                  <p>
                    <label for="case-target">{t('agentCase.moveTo')}</label>
                    <br />
                    <select id="case-target" value={target} onChange={(event) => setTarget((event.currentTarget as HTMLSelectElement).value as CaseStatus | '')}>
                      <option value="">{t('agentCase.keepStatus', { status: t(caseStatusLabel(status, 'agent')) })}</option>
                      {moves.map((to) => (
                        <option value={to} key={to}>
                          {t(caseStatusLabel(to, 'agent'))}
                        </option>
                      ))}
                    </select>
                  </p>
                  {target !== '' && (
                    <p>
                      <label for="case-reason">{needsReason ? t('agentCase.reasonRequired') : t('agentCase.reasonOptional')}</label>
                      <br />
                      <textarea id="case-reason" rows={2} maxLength={1024} required={needsReason} aria-describedby="case-reason-help" value={reason} onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)} />
                      <br />
                      <span id="case-reason-help" class="help">
                        {t('agentCase.reasonHelp')}
                      </span>
                    </p>
                  )}
                  <p>
                    <label for="case-agent-note">{t('agentCase.note')}</label>
                    <br />
                    <textarea id="case-agent-note" rows={3} maxLength={2000} value={note} onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)} />
                  </p>
                  <button type="submit" class="primary" disabled={outcome === 'busy' || (!target && !note.trim())}>
                    {outcome === 'busy' ? t('case.saving') : t('agentCase.save')}
                  </button>
                </form>
              )}
              {outcome === 'done' && (
                <p role="status" class="success">
                  {t('case.updated')}
                </p>
              )}
              {typeof outcome === 'object' && (
                <p role="alert" class="error-state">
                  {writeFailureMessage(outcome.error, t, 'case.changedMeanwhile')}
                </p>
              )}
            </section>

            <section aria-labelledby="case-notes" class="card">
              <h2 id="case-notes">{t('case.notes')}</h2>
              <CaseNotes notes={supportCase.note} zone={zone} authorOf={(note) => note.author} />
            </section>

            <CaseHistory changes={supportCase.statusChange} zone={zone} />
          </>
        );
      }}
    </RequestView>
  );
}
