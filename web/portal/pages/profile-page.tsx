import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, customerPaths, type CommunicationPreference, type CommunicationPreferences, type Customer } from '../../shared/api-types.js';
import { DownloadButton } from '../../shared/components/download-button.js';
import { RequestView } from '../../shared/components/request-view.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import type { MessageKey } from '../../shared/i18n/messages-en.js';
import { useRequest } from '../../shared/use-request.js';
import { save, type Saving } from '../../shared/save-state.js';
import { writeFailureMessage } from '../../shared/write-failure.js';
import { contactDetailsOf, contactDetailsPatch, emailOf, type ContactDetails } from '../contact-details.js';
import { portalPaths } from '../portal-paths.js';

/**
 * The customer's profile: contact details (a PATCH of the customer with If-Match), its e-mail
 * address (changed only once the new address proves it is the customer's: a code sent to it),
 * the language it is written to in, which messages it gets by e-mail and by SMS, and a download of
 * everything the BSS holds about it. Each section saves on its own.
 */
export function ProfilePage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  const request = useRequest(() => api.getVersioned<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`), [customerId]);
  const reload = () => request.status === 'done' && request.reload();
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {(customer) => (
          <>
            <ContactDetailsForm customer={customer.body} etag={customer.etag} onSaved={reload} />
            <EmailChange customer={customer.body} onChanged={reload} />
            <LanguageForm customer={customer.body} etag={customer.etag} onSaved={reload} />
          </>
        )}
      </RequestView>
      <PreferencesForm customerId={customerId} />
      <section aria-labelledby="profile-data" class="card">
        <h2 id="profile-data">{t('profile.data')}</h2>
        <p>{t('profile.dataHelp')}</p>
        <DownloadButton
          id="profile-data-download"
          path={customerPaths.dataExport(customerId)}
          accept="application/json"
          fileName={`customer-${customerId}.json`}
          label={t('profile.dataDownload')}
          busyLabel={t('profile.dataPreparing')}
          missingText={t('error.forbidden')}
        />
      </section>
    </>
  );
}

function SaveOutcome({ saving, savedKey }: { saving: Saving; savedKey: MessageKey }) {
  const { t } = useI18n();
  if (saving === 'saved')
    return (
      <p role="status" class="success">
        {t(savedKey)}
      </p>
    );
  if (typeof saving === 'object')
    return (
      <p role="alert" class="error-state">
        {writeFailureMessage(saving.error, t, 'profile.changedMeanwhile')}
      </p>
    );
  return null;
}

function ContactDetailsForm({ customer, etag, onSaved }: { customer: Customer; etag: string | undefined; onSaved: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [details, setDetails] = useState<ContactDetails>(() => contactDetailsOf(customer));
  const [saving, setSaving] = useState<Saving>('idle');
  const field = (name: keyof ContactDetails, label: MessageKey, options: { autoComplete: string; required?: boolean; inputMode?: 'tel'; maxLength: number }) => (
    <p>
      <label for={`profile-${name}`}>{t(label)}</label>
      <br />
      <input
        id={`profile-${name}`}
        name={name}
        inputMode={options.inputMode}
        autoComplete={options.autoComplete}
        required={options.required}
        maxLength={options.maxLength}
        value={details[name]}
        onInput={(event) => setDetails({ ...details, [name]: (event.currentTarget as HTMLInputElement).value })}
      />
    </p>
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    const patch = contactDetailsPatch(customer, details);
    if (Object.keys(patch).length === 0) return setSaving('saved');
    await save(setSaving, () => api.patch<Customer>(`${apiPaths.customer}/${encodeURIComponent(customer.id)}`, patch, { ifMatch: etag }), onSaved);
  };
  return (
    <section aria-labelledby="profile-contact" class="card">
      <h2 id="profile-contact">{t('profile.contact')}</h2>
      <form onSubmit={submit}>
        {field('name', 'profile.name', { autoComplete: 'name', required: true, maxLength: 256 })}
        {field('phoneNumber', 'profile.phone', { autoComplete: 'tel', inputMode: 'tel', maxLength: 32 })}
        <fieldset>
          <legend>{t('profile.address')}</legend>
          {field('street1', 'profile.street1', { autoComplete: 'address-line1', maxLength: 256 })}
          {field('street2', 'profile.street2', { autoComplete: 'address-line2', maxLength: 256 })}
          {field('postCode', 'profile.postCode', { autoComplete: 'postal-code', maxLength: 32 })}
          {field('city', 'profile.city', { autoComplete: 'address-level2', maxLength: 128 })}
          {field('country', 'profile.country', { autoComplete: 'country', maxLength: 64 })}
        </fieldset>
        <p>
          <button type="submit" class="primary" disabled={saving === 'busy'}>
            {saving === 'busy' ? t('profile.saving') : t('profile.save')}
          </button>
        </p>
        <SaveOutcome saving={saving} savedKey="profile.saved" />
      </form>
    </section>
  );
}

type EmailStep = { name: 'idle' } | { name: 'asking' } | { name: 'code'; changeId: string; address: string } | { name: 'confirming'; changeId: string; address: string } | { name: 'done'; address: string };

function EmailChange({ customer, onChanged }: { customer: Customer; onChanged: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<EmailStep>({ name: 'idle' });
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const ask = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    setStep({ name: 'asking' });
    try {
      const change = await api.post<{ id: string }>(apiPaths.emailChange, { customer: { id: customer.id }, emailAddress: address.trim() });
      setCode('');
      setStep({ name: 'code', changeId: change.id, address: address.trim() });
    } catch (error) {
      setFailure(writeFailureMessage(error as ApiError, t));
      setStep({ name: 'idle' });
    }
  };
  const confirm = async (event: Event) => {
    event.preventDefault();
    if (step.name !== 'code') return;
    setFailure(undefined);
    setStep({ ...step, name: 'confirming' });
    try {
      await api.post(`${apiPaths.emailChange}/${encodeURIComponent(step.changeId)}/confirmation`, { code: code.trim() });
      setStep({ name: 'done', address: step.address });
      onChanged();
    } catch (error) {
      const failed = error as ApiError;
      // A wrong code may be typed again; an expired or used-up change needs a new code.
      if (failed.status === 400) {
        setFailure(t('profile.email.wrongCode', { message: failed.message }));
        setStep({ ...step, name: 'code' });
      } else {
        setFailure(failed.status === 409 ? t('profile.email.askAgain') : writeFailureMessage(failed, t));
        setStep(failed.retryable ? { ...step, name: 'code' } : { name: 'idle' });
      }
    }
  };
  return (
    <section aria-labelledby="profile-email" class="card">
      <h2 id="profile-email">{t('profile.email')}</h2>
      <p>{t('profile.email.current', { address: emailOf(customer) ?? '—' })}</p>
      {step.name === 'done' && (
        <p role="status" class="success">
          {t('profile.email.changed', { address: step.address })}
        </p>
      )}
      {step.name === 'code' || step.name === 'confirming' ? (
        <form onSubmit={confirm}>
          <p role="status">{t('profile.email.codeSent', { address: step.address })}</p>
          <p>
            <label for="profile-email-code">{t('profile.email.code')}</label>
            <br />
            <input id="profile-email-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code} onInput={(event) => setCode((event.currentTarget as HTMLInputElement).value)} />
          </p>
          <p>
            <button type="submit" class="primary" disabled={step.name === 'confirming'}>
              {t('profile.email.confirm')}
            </button>{' '}
            <button type="button" onClick={() => setStep({ name: 'idle' })}>
              {t('pay.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <form onSubmit={ask}>
          <p>
            <label for="profile-email-new">{t('profile.email.new')}</label>
            <br />
            <input id="profile-email-new" name="email" type="email" autoComplete="email" required maxLength={254} value={address} onInput={(event) => setAddress((event.currentTarget as HTMLInputElement).value)} />
          </p>
          <p>
            <button type="submit" disabled={step.name === 'asking'}>
              {t('profile.email.send')}
            </button>
          </p>
        </form>
      )}
      {failure && (
        <p role="alert" class="error-state">
          {failure}
        </p>
      )}
    </section>
  );
}

const characteristic = (customer: Customer, name: string) => customer.characteristic?.find((each) => each.name === name)?.value;

function LanguageForm({ customer, etag, onSaved }: { customer: Customer; etag: string | undefined; onSaved: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [language, setLanguage] = useState(String(characteristic(customer, 'preferredLanguage') ?? ''));
  const [marketing, setMarketing] = useState(characteristic(customer, 'marketingOptIn') === true || characteristic(customer, 'marketingOptIn') === 'true');
  const [saving, setSaving] = useState<Saving>('idle');
  const submit = async (event: Event) => {
    event.preventDefault();
    // The customer's own characteristics only: the API keeps the ones staff set (docs/security.md).
    const own = [
      ...(language ? [{ name: 'preferredLanguage', valueType: 'string', value: language }] : []),
      { name: 'marketingOptIn', valueType: 'boolean', value: marketing },
    ];
    await save(setSaving, () => api.patch<Customer>(`${apiPaths.customer}/${encodeURIComponent(customer.id)}`, { characteristic: own }, { ifMatch: etag }), onSaved);
  };
  return (
    <section aria-labelledby="profile-language" class="card">
      <h2 id="profile-language">{t('profile.writing')}</h2>
      <form onSubmit={submit}>
        <p>
          <label for="profile-preferred-language">{t('profile.language')}</label>
          <br />
          <select id="profile-preferred-language" value={language} onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('profile.language.unset')}</option>
            <option value="en-GB" lang="en">English</option>
            <option value="fr-FR" lang="fr">Français</option>
          </select>
        </p>
        <p>
          <label>
            <input type="checkbox" checked={marketing} onChange={(event) => setMarketing((event.currentTarget as HTMLInputElement).checked)} /> {t('profile.marketing')}
          </label>
        </p>
        <p>
          <button type="submit" class="primary" disabled={saving === 'busy'}>
            {saving === 'busy' ? t('profile.saving') : t('profile.save')}
          </button>
        </p>
        <SaveOutcome saving={saving} savedKey="profile.saved" />
      </form>
    </section>
  );
}

/**
 * Which messages the customer gets by e-mail and by SMS (GET/PUT communicationPreferences, with
 * If-Match). A message the law or the contract requires keeps at least one channel: the API
 * refuses to switch both off, and the form says so beside it.
 */
function PreferencesForm({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  const request = useRequest(() => api.getVersioned<CommunicationPreferences>(customerPaths.communicationPreferences(customerId)), [customerId]);
  const [edited, setEdited] = useState<CommunicationPreference[] | undefined>();
  const [saving, setSaving] = useState<Saving>('idle');
  return (
    <section aria-labelledby="profile-preferences" class="card">
      <h2 id="profile-preferences">{t('profile.preferences')}</h2>
      <RequestView request={request} home={portalPaths.home}>
        {(read) => {
          const choices = edited ?? read.body.preferences;
          const set = (kind: string, channel: 'email' | 'sms', value: boolean) => {
            setSaving('idle');
            setEdited(choices.map((choice) => (choice.kind === kind ? { ...choice, [channel]: value } : choice)));
          };
          const silenced = choices.filter((choice) => choice.mandatory && !choice.email && !choice.sms);
          const submit = async (event: Event) => {
            event.preventDefault();
            if (silenced.length > 0) return;
            await save(
              setSaving,
              () => api.put<CommunicationPreferences>(customerPaths.communicationPreferences(customerId), { preferences: choices.map(({ kind, email, sms }) => ({ kind, email, sms })) }, { ifMatch: read.etag }),
              () => {
                setEdited(undefined);
                if (request.status === 'done') request.reload();
              },
            );
          };
          return (
            <form onSubmit={submit}>
              <div class="table-scroll" role="region" aria-labelledby="preferences-caption" tabIndex={0}>
                <table>
                  <caption id="preferences-caption">{t('profile.preferencesCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('profile.messageKind')}</th>
                      <th scope="col">{t('messages.channel.email')}</th>
                      <th scope="col">{t('messages.channel.SMS')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {choices.map((choice) => {
                      const kind = t(`notificationKind.${choice.kind}`);
                      return (
                        <tr key={choice.kind}>
                          <th scope="row">
                            {kind}
                            {choice.mandatory && <span class="help"> {t('profile.mandatory')}</span>}
                          </th>
                          <td>
                            <input type="checkbox" aria-label={t('profile.byEmail', { kind })} checked={choice.email} onChange={(event) => set(choice.kind, 'email', (event.currentTarget as HTMLInputElement).checked)} />
                          </td>
                          <td>
                            <input type="checkbox" aria-label={t('profile.bySms', { kind })} checked={choice.sms} onChange={(event) => set(choice.kind, 'sms', (event.currentTarget as HTMLInputElement).checked)} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {silenced.length > 0 && (
                <p role="alert" class="error-state">
                  {t('profile.keepOneChannel', { kinds: silenced.map((choice) => t(`notificationKind.${choice.kind}`)).join(', ') })}
                </p>
              )}
              <p>
                <button type="submit" class="primary" disabled={saving === 'busy' || silenced.length > 0}>
                  {saving === 'busy' ? t('profile.saving') : t('profile.save')}
                </button>
              </p>
              <SaveOutcome saving={saving} savedKey="profile.saved" />
            </form>
          );
        }}
      </RequestView>
    </section>
  );
}
