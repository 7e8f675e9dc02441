import type { SupportCase } from '../api-types.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/i18n-context.js';

type Note = SupportCase['note'][number];

/** A case's conversation, oldest first; `authorOf` says who wrote each note, as the reader calls them. */
export function CaseNotes({ notes, zone, authorOf }: { notes: readonly Note[]; zone: string; authorOf: (note: Note) => string }) {
  const { t, locale } = useI18n();
  if (notes.length === 0) return <p>{t('case.noNotes')}</p>;
  return (
    <ol class="notes">
      {notes.map((each) => (
        <li key={each.id} class={`note note-${each.authorRole}`}>
          <p class="note-meta">
            <strong>{authorOf(each)}</strong> · <time dateTime={each.date}>{formatDateTime(each.date, zone, locale)}</time>
          </p>
          <p class="note-text">{each.text}</p>
        </li>
      ))}
    </ol>
  );
}

/** A case's status changes, oldest first, each with the reason given. */
export function CaseHistory({ changes, zone }: { changes: SupportCase['statusChange']; zone: string }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="case-history" class="card">
      <h2 id="case-history">{t('case.history')}</h2>
      <ol class="history" aria-describedby="case-history-caption">
        {changes.map((step, index) => (
          <li key={index}>
            <time dateTime={step.changeDate}>{formatDateTime(step.changeDate, zone, locale)}</time> · {t(`caseStatus.${step.status}`)}
            {step.changeReason && <> · {step.changeReason}</>}
          </li>
        ))}
      </ol>
      <p id="case-history-caption" class="help">
        {t('case.historyCaption')}
      </p>
    </section>
  );
}
