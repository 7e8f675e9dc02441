import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import type { ApiError } from '../../shared/api-error.js';
import { apiPaths, type Customer } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { cardsOf, withCard } from '../payment-methods.js';
import { portalPaths } from '../portal-paths.js';
import { writeFailureMessage } from '../../shared/write-failure.js';

/** The most cards a customer record holds (its schema's limit). */
const maxCards = 10;

/**
 * The customer's cards (gateway tokens, never card numbers) and each account's default. Adding
 * one is a PATCH of the customer's `paymentMethod` with If-Match, so a change made meanwhile (in
 * another tab) is reported, not overwritten. The default card is set on the billing account,
 * which only staff may change today (docs/web.md): the page shows it and says so.
 */
export function PaymentMethodsPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  const request = useRequest(() => Promise.all([customerAccounts(api, customerId), api.getVersioned<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`)]), [customerId]);
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState<'idle' | 'busy' | 'added' | { error: ApiError }>('idle');
  return (
    <>
      <h1>{t('cards.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, customer]) => {
          const cards = cardsOf(customer.body, accounts);
          const add = async (event: Event) => {
            event.preventDefault();
            if (!token.trim()) return;
            setSaving('busy');
            try {
              await api.patch<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`, withCard(customer.body, token.trim(), name.trim() || undefined), { ifMatch: customer.etag });
              setToken('');
              setName('');
              setSaving('added');
              if (request.status === 'done') request.reload();
            } catch (error) {
              setSaving({ error: error as ApiError });
            }
          };
          return (
            <>
              <section aria-labelledby="cards-list" class="card">
                <h2 id="cards-list">{t('cards.yours')}</h2>
                {cards.length === 0 ? (
                  <p>{t('cards.empty')}</p>
                ) : (
                  <ul class="cards">
                    {cards.map((card) => (
                      <li key={card.id}>
                        <span>{card.label}</span>
                        {card.label !== card.id && <span class="line-period">{card.id}</span>}
                        {card.isDefault && <span class="status status-active"> {t('cards.default')}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                <p class="help">{t('cards.defaultHelp')}</p>
              </section>
              <section aria-labelledby="cards-add" class="card">
                <h2 id="cards-add">{t('cards.add')}</h2>
                {(customer.body.paymentMethod?.length ?? 0) >= maxCards ? (
                  <p>{t('cards.full', { count: maxCards })}</p>
                ) : (
                  <form onSubmit={add}>
                    <p>
                      <label for="card-token">{t('cards.token')}</label>
                      <br />
                      <input id="card-token" name="token" required maxLength={128} autoComplete="off" aria-describedby="card-token-help" value={token} onInput={(event) => setToken((event.currentTarget as HTMLInputElement).value)} />
                      <br />
                      <span id="card-token-help" class="help">
                        {t('cards.tokenHelp')}
                      </span>
                    </p>
                    <p>
                      <label for="card-name">{t('cards.name')}</label>
                      <br />
                      <input id="card-name" name="name" maxLength={256} value={name} onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
                    </p>
                    <p>
                      <button type="submit" class="primary" disabled={saving === 'busy'}>
                        {saving === 'busy' ? t('cards.adding') : t('cards.addButton')}
                      </button>
                    </p>
                    {saving === 'added' && (
                      <p role="status" class="success">
                        {t('cards.added')}
                      </p>
                    )}
                    {typeof saving === 'object' && (
                      <p role="alert" class="error-state">
                        {writeFailureMessage(saving.error, t, 'cards.changedMeanwhile')}
                      </p>
                    )}
                  </form>
                )}
              </section>
            </>
          );
        }}
      </RequestView>
    </>
  );
}
