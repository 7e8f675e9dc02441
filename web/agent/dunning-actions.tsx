import { useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import { apiPaths, type BillingAccount, type Dunning } from '../shared/api-types.js';
import { formatDate } from '../shared/format.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { dayIn, endOfDayIn } from '../shared/zoned-time.js';
import { ActionField, ConfirmedAction } from './confirmed-action.js';
import { isAdmin, useStaff } from './staff-role.js';

export type DunningMove = 'pause' | 'resume' | 'stop' | 'restoreService';

/** The moves on an account's dunning, what each needs, and who may make it (docs/collections.md, "Pausing, stopping, restoring"). */
export function dunningMoves(dunning: Dunning, asOf: string): { move: DunningMove; adminOnly: boolean }[] {
  if (dunning.status !== 'active') return [];
  const paused = dunning.pausedUntil !== undefined && asOf < dunning.pausedUntil;
  return [
    { move: 'pause' as const, adminOnly: false },
    ...(paused ? [{ move: 'resume' as const, adminOnly: false }] : []),
    { move: 'stop' as const, adminOnly: true },
    ...(dunning.suspended ? [{ move: 'restoreService' as const, adminOnly: true }] : []),
  ];
}

/** The latest instant the dunning knows of: its time may be a test clock's, ahead of the browser's. */
const latestKnown = (dunning: Dunning): number => Math.max(Date.now(), Date.parse(dunning.since), ...dunning.history.map((step) => Date.parse(step.at)), ...(dunning.interventions ?? []).map((each) => Date.parse(each.at)));

/**
 * Pause, resume or stop an account's dunning, or restore the service it suspended on a promise
 * to pay, each with a reason on record, a confirmation and one Idempotency-Key. A date is a
 * day in the account's time zone, ending at its midnight. Stopping and restoring are admins'
 * (the API's role model): an agent sees them, marked as such, and cannot choose them.
 */
export function DunningActionsForm({ account, dunning, onDone, onClose }: { account: BillingAccount; dunning: Dunning; onDone: () => void; onClose: () => void }) {
  const api = useApi();
  const staff = useStaff();
  const { t, locale } = useI18n();
  const moves = dunningMoves(dunning, new Date(latestKnown(dunning)).toISOString());
  const [move, setMove] = useState<DunningMove>('pause');
  const [day, setDay] = useState(dayIn(new Date(latestKnown(dunning) + 7 * 86_400_000), account.timeZone));
  const [reason, setReason] = useState('');
  const needsDay = move === 'pause' || move === 'restoreService';
  const until = needsDay && day ? endOfDayIn(day, account.timeZone) : undefined;
  const id = `dunning-${account.id}`;
  const allowed = (chosen: DunningMove) => moves.some((each) => each.move === chosen && (!each.adminOnly || isAdmin(staff)));
  return (
    <ConfirmedAction<Dunning>
      id={id}
      title={t('dunningAction.title', { account: account.name })}
      fields={
        <>
          <fieldset>
            <legend>{t('dunningAction.what')}</legend>
            {moves.map(({ move: each, adminOnly }) => (
              <p key={each}>
                <label>
                  <input type="radio" name={`${id}-move`} value={each} checked={move === each} disabled={adminOnly && !isAdmin(staff)} onChange={() => setMove(each)} /> {t(`dunningAction.${each}`)}
                  {adminOnly && !isAdmin(staff) && <span class="help"> {t('action.adminOnly')}</span>}
                </label>
              </p>
            ))}
          </fieldset>
          {needsDay && (
            <p>
              <label for={`${id}-until`}>{t(move === 'pause' ? 'dunningAction.pauseUntil' : 'dunningAction.promisedBy', { zone: account.timeZone })}</label>
              <br />
              <input id={`${id}-until`} type="date" required value={day} onInput={(event) => setDay((event.currentTarget as HTMLInputElement).value)} />
            </p>
          )}
          <ActionField id={`${id}-reason`} label={t('action.reason')} multiline value={reason} onInput={setReason} />
        </>
      }
      complete={allowed(move) && reason.trim() !== '' && (!needsDay || until !== undefined)}
      confirmText={t(`dunningAction.confirm.${move}`, { account: account.name, date: until ? formatDate(until, account.timeZone, locale) : '' })}
      confirmLabel={t(`dunningAction.${move}`)}
      sendingLabel={t('dunningAction.sending')}
      send={(idempotencyKey) =>
        api.post<Dunning>(`${apiPaths.dunning}/${encodeURIComponent(account.id)}/${move}`, { reason: reason.trim(), ...(until ? { until } : {}) }, { idempotencyKey })
      }
      doneText={(after) => t('dunningAction.done', { status: t(`dunning.${after.status}`, { steps: after.stepsDone }) })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
