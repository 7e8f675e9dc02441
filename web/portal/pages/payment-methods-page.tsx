import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import type { Versioned } from '../../shared/api-client.js';
import { apiPaths, type BillingAccount, type Customer } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import type { MessageKey } from '../../shared/i18n/messages-en.js';
import { save, type Saving } from '../../shared/save-state.js';
import { useRequest } from '../../shared/use-request.js';
import { writeFailureMessage } from '../../shared/write-failure.js';
import { customerAccounts } from '../customer-accounts.js';
import { cardsOf, defaultCardPatch, withCard, withoutCard, type Card } from '../payment-methods.js';
import { portalPaths } from '../portal-paths.js';

/** The most cards a customer record holds (its schema's limit). */
const maxCards = 10;

const customerPath = (customerId: string) => `${apiPaths.customer}/${encodeURIComponent(customerId)}`;

/**
 * The customer's cards (gateway tokens, never card numbers): add one, remove one, and choose
 * which pays each account's bills. The card list is a PATCH of the customer's `paymentMethod`
 * with If-Match, so a change made meanwhile (in another tab) is reported, not overwritten; the
 * default is the account's `defaultPaymentMethod`, which a customer may set to a card of its own
 * record (docs/security.md). A card that pays an account's bills cannot be removed until another
 * does: the API refuses it too.
 */
export function PaymentMethodsPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  // Fresh: this page changes the accounts' default cards.
  const request = useRequest(() => Promise.all([customerAccounts(api, customerId, { fresh: true }), api.getVersioned<Customer>(customerPath(customerId))]), [customerId]);
  const reload = () => request.status === 'done' && request.reload();
  return (
    <>
      <h1>{t('cards.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, customer]) => {
          const cards = cardsOf(customer.body, accounts);
          const open = accounts.filter((account) => account.state !== 'Closed');
          return (
            <>
              <CardList customerId={customerId} customer={customer} cards={cards} onChanged={reload} />
              {cards.some((card) => card.onRecord) &&
                open.map((account) => <DefaultCardForm key={account.id} customer={customer.body} account={account} multiple={open.length > 1} onChanged={reload} />)}
              <AddCard customerId={customerId} customer={customer} onAdded={reload} />
            </>
          );
        }}
      </RequestView>
    </>
  );
}

function CardList({ customerId, customer, cards, onChanged }: { customerId: string; customer: Versioned<Customer>; cards: Card[]; onChanged: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [removing, setRemoving] = useState<string | undefined>();
  const [saving, setSaving] = useState<Saving>('idle');
  const remove = (card: Card) =>
    save(setSaving, () => api.patch<Customer>(customerPath(customerId), withoutCard(customer.body, card.id), { ifMatch: customer.etag }), () => {
      setRemoving(undefined);
      onChanged();
    });
  return (
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
              {card.onRecord && !card.isDefault && removing !== card.id && (
                <button type="button" onClick={() => setRemoving(card.id)} aria-label={t('cards.removeCard', { card: card.label })}>
                  {t('cards.remove')}
                </button>
              )}
              {removing === card.id && (
                <span role="group" aria-label={t('cards.removeCard', { card: card.label })}>
                  {t('cards.removeConfirm', { card: card.label })}{' '}
                  <button type="button" class="primary" disabled={saving === 'busy'} onClick={() => void remove(card)}>
                    {saving === 'busy' ? t('cards.removing') : t('cards.removeYes')}
                  </button>{' '}
                  <button type="button" onClick={() => setRemoving(undefined)}>
                    {t('cards.keep')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {saving === 'saved' && (
        <p role="status" class="success">
          {t('cards.removed')}
        </p>
      )}
      <SaveFailure saving={saving} changedMeanwhile="cards.changedMeanwhile" />
      <p class="help">{t('cards.defaultHelp')}</p>
    </section>
  );
}

/**
 * Which card pays an account's bills. The account is read again just before the write, for the
 * version its If-Match names: the customer writes nothing but this one attribute, so the latest
 * choice is the one that counts.
 */
function DefaultCardForm({ customer, account, multiple, onChanged }: { customer: Customer; account: BillingAccount; multiple: boolean; onChanged: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const own = customer.paymentMethod ?? [];
  const current = account.defaultPaymentMethod?.id;
  const [chosen, setChosen] = useState<string | undefined>(current);
  const [saving, setSaving] = useState<Saving>('idle');
  const accountPath = `${apiPaths.billingAccount}/${encodeURIComponent(account.id)}`;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!chosen || chosen === current) return;
    void save(
      setSaving,
      async () => {
        const latest = await api.getVersioned<BillingAccount>(accountPath);
        await api.patch<BillingAccount>(accountPath, defaultCardPatch(customer, chosen), { ifMatch: latest.etag });
      },
      onChanged,
    );
  };
  const legendId = `default-card-${account.id}`;
  return (
    <section aria-labelledby={legendId} class="card">
      <h2 id={legendId}>{multiple ? t('cards.defaultFor', { account: account.name }) : t('cards.defaultTitle')}</h2>
      {current && !own.some((method) => method.id === current) && <p>{t('cards.currentNotOnRecord', { card: account.defaultPaymentMethod?.name ?? current })}</p>}
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('cards.chooseDefault')}</legend>
          {own.map((method) => (
            <label class="choice" key={method.id}>
              <input type="radio" name={`default-${account.id}`} value={method.id} checked={chosen === method.id} onChange={() => setChosen(method.id)} /> {method.name ?? method.id}
              {method.id === current && ` (${t('cards.default')})`}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" class="primary" disabled={saving === 'busy' || !chosen || chosen === current}>
            {saving === 'busy' ? t('cards.savingDefault') : t('cards.saveDefault')}
          </button>
        </p>
        {saving === 'saved' && (
          <p role="status" class="success">
            {t('cards.defaultSaved')}
          </p>
        )}
        <SaveFailure saving={saving} />
      </form>
    </section>
  );
}

function AddCard({ customerId, customer, onAdded }: { customerId: string; customer: Versioned<Customer>; onAdded: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState<Saving>('idle');
  const add = (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return;
    void save(setSaving, () => api.patch<Customer>(customerPath(customerId), withCard(customer.body, token.trim(), name.trim() || undefined), { ifMatch: customer.etag }), () => {
      setToken('');
      setName('');
      onAdded();
    });
  };
  return (
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
          {saving === 'saved' && (
            <p role="status" class="success">
              {t('cards.added')}
            </p>
          )}
          <SaveFailure saving={saving} changedMeanwhile="cards.changedMeanwhile" />
        </form>
      )}
    </section>
  );
}

function SaveFailure({ saving, changedMeanwhile }: { saving: Saving; changedMeanwhile?: MessageKey }) {
  const { t } = useI18n();
  if (typeof saving !== 'object') return null;
  return (
    <p role="alert" class="error-state">
      {writeFailureMessage(saving.error, t, changedMeanwhile)}
    </p>
  );
}
