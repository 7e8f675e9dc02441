import { useState } from 'preact/hooks';
import type { Versioned } from '../../shared/api-client.js';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, type SupportCase } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDateTime } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { CaseHistory, CaseNotes } from '../../shared/components/support-case-parts.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';
import { customerCaseActions } from '../support-case-actions.js';
import { caseTitle, statusOfCase } from '../../shared/support-case.js';
import { writeFailureMessage } from '../../shared/write-failure.js';

type Outcome = 'idle' | 'busy' | 'noteAdded' | 'updated' | { error: ApiError };

/**
 * One support case: what it is about, where it stands (with the agents' reason when they wait
 * for the customer or think it solved), its history and the conversation; and what the customer
 * may do from its status: add a note, withdraw it, or once resolved close or reopen it. Every
 * change is a PATCH with If-Match, so an agent's answer meanwhile is shown, not overwritten.
 * Another customer's case is a 404 from the API, shown as the not-found page.
 */
export function SupportCasePage({ customerId, caseId }: { customerId: string; caseId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(() => Promise.all([customerAccounts(api, customerId), api.getVersioned<SupportCase>(`${apiPaths.troubleTicket}/${encodeURIComponent(caseId)}`)]), [customerId, caseId]);
  // Said where the change was asked for: by the status buttons, or under the note.
  const [statusOutcome, setStatusOutcome] = useState<Outcome>('idle');
  const [noteOutcome, setNoteOutcome] = useState<Outcome>('idle');
  const [note, setNote] = useState('');
  const [reopening, setReopening] = useState(false);
  const [reopenReason, setReopenReason] = useState('');
  const [confirmingCancel, setConfirmingCancel] = useState(false);

  const change = async (read: Versioned<SupportCase>, body: object, report: (outcome: Outcome) => void, done: Outcome) => {
    setStatusOutcome('idle');
    setNoteOutcome('idle');
    report('busy');
    try {
      await api.patch<SupportCase>(`${apiPaths.troubleTicket}/${encodeURIComponent(caseId)}`, body, { ifMatch: read.etag });
      report(done);
      setNote('');
      setReopening(false);
      setReopenReason('');
      setConfirmingCancel(false);
    } catch (error) {
      report({ error: error as ApiError });
    }
    // Read again either way: after a 412 the page shows what changed meanwhile.
    if (request.status === 'done') request.reload();
  };

  return (
    <RequestView request={request} home={portalPaths.home}>
      {([accounts, read]) => {
        const supportCase = read.body;
        const status = statusOfCase(supportCase);
        const actions = customerCaseActions(status);
        const zone = timeZoneOf(accounts, undefined);
        const busy = statusOutcome === 'busy' || noteOutcome === 'busy';
        return (
          <>
            <p class="breadcrumb">
              <a href={portalPaths.supportCases}>{t('case.backToCases')}</a>
            </p>
            <h1>{t('case.title', { name: caseTitle(supportCase, i18n) })}</h1>
            <section aria-labelledby="case-details" class="card">
              <h2 id="case-details">{t('case.details')}</h2>
              <dl class="facts">
                <div>
                  <dt>{t('case.status')}</dt>
                  <dd>
                    <span class={`status status-case-${status}`}>{t(`caseStatus.${status}`)}</span>
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
                  <dt>{t('case.opened')}</dt>
                  <dd>{formatDateTime(supportCase.creationDate, zone, locale)}</dd>
                </div>
                {supportCase.relatedEntity.length > 0 && (
                  <div>
                    <dt>{t('case.about')}</dt>
                    <dd>
                      {supportCase.relatedEntity.map((entity, index) => (
                        <span key={entity.id}>
                          {index > 0 && ', '}
                          {entity['@referredType'] === 'CustomerBill' ? <a href={portalPaths.bill(entity.id)}>{t('newCase.aboutBill', { number: entity.name })}</a> : entity.name}
                        </span>
                      ))}
                    </dd>
                  </div>
                )}
              </dl>
              <p class="case-description">{supportCase.description}</p>
              {status === 'pending' && supportCase.statusChangeReason && (
                <p class="call-to-action" role="note">
                  {t('case.pendingHelp', { reason: supportCase.statusChangeReason })}
                </p>
              )}
              {status === 'resolved' && supportCase.statusChangeReason && (
                <p class="call-to-action" role="note">
                  {t('case.resolvedHelp', { reason: supportCase.statusChangeReason })}
                </p>
              )}
              {!actions.note && <p>{t('case.over')}</p>}
              {(actions.close || actions.reopen || actions.cancel) && (
                <div class="case-actions">
                  {actions.close && (
                    <button type="button" class="primary" disabled={busy} onClick={() => change(read, { status: 'closed' }, setStatusOutcome, 'updated')}>
                      {t('case.close')}
                    </button>
                  )}{' '}
                  {actions.reopen && !reopening && (
                    <button type="button" disabled={busy} onClick={() => setReopening(true)}>
                      {t('case.reopen')}
                    </button>
                  )}
                  {actions.cancel && !confirmingCancel && (
                    <button type="button" disabled={busy} onClick={() => setConfirmingCancel(true)}>
                      {t('case.cancel')}
                    </button>
                  )}
                </div>
              )}
              {actions.reopen && reopening && (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    void change(read, { status: 'inProgress', statusChangeReason: reopenReason }, setStatusOutcome, 'updated');
                  }}
                >
                  <p>
                    <label for="case-reopen-reason">{t('case.reopenReason')}</label>
                    <br />
                    <textarea id="case-reopen-reason" required rows={3} maxLength={2000} value={reopenReason} onInput={(event) => setReopenReason((event.currentTarget as HTMLTextAreaElement).value)} />
                  </p>
                  <button type="submit" class="primary" disabled={busy}>
                    {t('case.reopenSubmit')}
                  </button>{' '}
                  <button type="button" onClick={() => setReopening(false)}>
                    {t('case.keep')}
                  </button>
                </form>
              )}
              {actions.cancel && confirmingCancel && (
                <div class="confirm" role="group" aria-labelledby="case-cancel-confirm">
                  <p id="case-cancel-confirm">{t('case.cancelConfirm')}</p>
                  <button type="button" class="primary" disabled={busy} onClick={() => change(read, { status: 'cancelled' }, setStatusOutcome, 'updated')}>
                    {t('case.cancelYes')}
                  </button>{' '}
                  <button type="button" onClick={() => setConfirmingCancel(false)}>
                    {t('case.keep')}
                  </button>
                </div>
              )}
              <CaseOutcome outcome={statusOutcome} />
            </section>

            <section aria-labelledby="case-notes" class="card">
              <h2 id="case-notes">{t('case.notes')}</h2>
              <CaseNotes notes={supportCase.note} zone={zone} authorOf={(note) => (note.authorRole === 'customer' ? t('case.byYou') : t('case.bySupport'))} />
              {actions.note && (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (note.trim()) void change(read, { note: [{ text: note.trim() }] }, setNoteOutcome, 'noteAdded');
                  }}
                >
                  <p>
                    <label for="case-note">{t('case.noteLabel')}</label>
                    <br />
                    <textarea id="case-note" required rows={3} maxLength={2000} value={note} onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)} />
                  </p>
                  <button type="submit" class="primary" disabled={busy}>
                    {noteOutcome === 'busy' ? t('case.saving') : t('case.send')}
                  </button>
                </form>
              )}
              <CaseOutcome outcome={noteOutcome} />
            </section>

            <CaseHistory changes={supportCase.statusChange} zone={zone} />
          </>
        );
      }}
    </RequestView>
  );
}

function CaseOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  if (outcome === 'noteAdded' || outcome === 'updated')
    return (
      <p role="status" class="success">
        {t(outcome === 'noteAdded' ? 'case.noteAdded' : 'case.updated')}
      </p>
    );
  if (typeof outcome !== 'object') return null;
  const { error } = outcome;
  return (
    <p role="alert" class="error-state">
      {writeFailureMessage(error, t, 'case.changedMeanwhile')}
    </p>
  );
}
