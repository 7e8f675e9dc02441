import { useLocation } from 'preact-iso/router';
import { useRef, useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, type CustomerBill, type Product, type Severity, type SupportCase, type TicketType } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { newestFirst } from '../../shared/newest-first.js';
import { useRequest } from '../../shared/use-request.js';
import { portalPaths } from '../portal-paths.js';
import { writeFailureMessage } from '../../shared/write-failure.js';

const ticketTypes: readonly TicketType[] = ['incident', 'complaint', 'request'];
const severities: readonly Severity[] = ['Minor', 'Major', 'Critical'];

/**
 * Opens a support case (POST troubleTicket): what kind of help, how much it hurts, what the
 * trouble is, and optionally which of the customer's products or bills it is about. One
 * Idempotency-Key per case, kept when the answer was lost, so trying again never opens two.
 */
export function NewSupportCasePage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  const { route } = useLocation();
  const about = useRequest(
    () =>
      Promise.all([
        api.list<Product>(apiPaths.product, { 'relatedParty.id': customerId, fields: 'name,status', limit: 100 }),
        api.list<CustomerBill>(apiPaths.customerBill, { 'relatedParty.id': customerId, fields: 'billNo,billDate', limit: 100 }),
      ]),
    [customerId],
  );
  const [ticketType, setTicketType] = useState<TicketType>('incident');
  const [severity, setSeverity] = useState<Severity>('Minor');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [related, setRelated] = useState('');
  const [saving, setSaving] = useState<'idle' | 'busy' | { error: ApiError }>('idle');
  const key = useRef<string | undefined>(undefined);

  const open = async (event: Event) => {
    event.preventDefault();
    key.current ??= crypto.randomUUID();
    setSaving('busy');
    const [referredType, id] = related.split(':', 2) as [string, string | undefined];
    try {
      const opened = await api.post<SupportCase>(
        apiPaths.troubleTicket,
        {
          ticketType,
          severity,
          description,
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(id ? { relatedEntity: [{ id, '@referredType': referredType }] } : {}),
        },
        { idempotencyKey: key.current },
      );
      key.current = undefined;
      route(portalPaths.supportCase(opened.id));
    } catch (error) {
      if (!(error as ApiError).retryable) key.current = undefined;
      setSaving({ error: error as ApiError });
    }
  };

  const failure = typeof saving === 'object' ? saving.error : undefined;
  const invalid = (field: string) => (failure?.details.some((detail) => detail.field === field) ? true : undefined);
  return (
    <>
      <p class="breadcrumb">
        <a href={portalPaths.supportCases}>{t('case.backToCases')}</a>
      </p>
      <h1>{t('newCase.title')}</h1>
      <form class="card" onSubmit={open}>
        <fieldset>
          <legend>{t('newCase.type')}</legend>
          {ticketTypes.map((type) => (
            <label class="choice" key={type}>
              <input type="radio" name="ticketType" value={type} checked={ticketType === type} onChange={() => setTicketType(type)} /> {t(`ticketType.${type}`)}
            </label>
          ))}
        </fieldset>
        <p>
          <label for="case-severity">{t('newCase.severity')}</label>
          <br />
          <select id="case-severity" value={severity} onChange={(event) => setSeverity((event.currentTarget as HTMLSelectElement).value as Severity)}>
            {severities.map((level) => (
              <option value={level} key={level}>
                {t(`severity.${level}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="case-name">{t('newCase.name')}</label>
          <br />
          <input id="case-name" maxLength={256} value={name} aria-invalid={invalid('name')} onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
        </p>
        <p>
          <label for="case-description">{t('newCase.description')}</label>
          <br />
          <textarea
            id="case-description"
            required
            rows={5}
            maxLength={4000}
            aria-describedby="case-description-help"
            aria-invalid={invalid('description')}
            value={description}
            onInput={(event) => setDescription((event.currentTarget as HTMLTextAreaElement).value)}
          />
          <br />
          <span id="case-description-help" class="help">
            {t('newCase.descriptionHelp')}
          </span>
        </p>
        <RequestView request={about} home={portalPaths.home}>
          {([products, bills]) => (
            <p>
              <label for="case-about">{t('newCase.about')}</label>
              <br />
              <select id="case-about" value={related} aria-invalid={invalid('relatedEntity[0].id')} onChange={(event) => setRelated((event.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('newCase.aboutNothing')}</option>
                {products.items.map((product) => (
                  <option value={`Product:${product.id}`} key={product.id}>
                    {product.name}
                  </option>
                ))}
                {newestFirst(bills.items, (bill) => bill.billDate)
                  .filter((bill) => bill.billNo)
                  .map((bill) => (
                    <option value={`CustomerBill:${bill.id}`} key={bill.id}>
                      {t('newCase.aboutBill', { number: bill.billNo! })}
                    </option>
                  ))}
              </select>
            </p>
          )}
        </RequestView>
        <p>
          <button type="submit" class="primary" disabled={saving === 'busy'}>
            {saving === 'busy' ? t('newCase.submitting') : t('newCase.submit')}
          </button>
        </p>
        {failure && (
          <div role="alert" class="error-state">
            <p>{writeFailureMessage(failure, t)}</p>
            {failure.details.length > 0 && (
              <ul>
                {failure.details.map((detail) => (
                  <li key={detail.field}>{t('newCase.fieldProblem', { field: detail.field, problem: detail.problem })}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </form>
    </>
  );
}
