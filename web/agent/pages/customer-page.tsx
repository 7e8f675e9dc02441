import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../shared/api-client.js';
import { useApi } from '../../shared/api-context.js';
import { ApiError } from '../../shared/api-error.js';
import {
  apiPaths,
  type BillingAccount,
  type CommunicationMessage,
  type CreditNote,
  type Customer,
  type CustomerBill,
  type Dunning,
  type Payment,
  type Product,
  type ProductOrder,
  type Refund,
  type SupportCase,
} from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { CustomerTimelineSection } from '../customer-timeline.js';
import { DunningActionsForm } from '../dunning-actions.js';
import { useLiveOrders } from '../../shared/live-orders.js';
import { newestFirst } from '../../shared/newest-first.js';
import { caseStatusLabel, caseTitle, statusOfCase } from '../../shared/support-case.js';
import { useRequest, type RequestState } from '../../shared/use-request.js';
import { agentPaths } from '../agent-paths.js';
import { CreditNoteForm } from '../credit-note-form.js';
import { RefundForm, TakePaymentForm } from '../money-actions.js';

/** What an agent may credit: an issued bill, paid or not (docs/collections.md, "Credit notes"). */
const creditable = (bill: CustomerBill) => ['validated', 'sent', 'partiallyPaid', 'settled'].includes(bill.state);
const listed = 100;

/**
 * The customer 360: who the customer is, its accounts with balances and dunning, products,
 * orders, bills (each issued one can be credited here), payments and refunds, credit notes,
 * messages and support cases, each section its own request so one slow or failing read never
 * blanks the others. An action moves `refresh`, and every section reads again.
 */
export function CustomerPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [refresh, setRefresh] = useState(0);
  const customer = useRequest(() => api.get<Customer>(`${apiPaths.customer}/${encodeURIComponent(customerId)}`), [customerId]);
  const accounts = useRequest(() => api.list<BillingAccount>(apiPaths.billingAccount, { 'relatedParty.id': customerId, limit: listed }).then((page) => page.items), [customerId]);
  useReloadOn(accounts, refresh);
  const zone = accounts.status === 'done' ? (accounts.data[0]?.timeZone ?? 'UTC') : 'UTC';
  return (
    <RequestView request={customer} home={agentPaths.search}>
      {(read) => (
        <>
          <p class="breadcrumb">
            <a href={agentPaths.search}>{t('agent.backToSearch')}</a>
          </p>
          <h1>{read.name}</h1>
          <dl class="facts facts-inline">
            <Fact label={t('customer360.status')}>{read.status}</Fact>
            <Fact label={t('customer360.email')}>{read.contactMedium.find((medium) => medium.mediumType === 'email')?.characteristic?.emailAddress ?? '—'}</Fact>
            <Fact label={t('customer360.phone')}>{read.contactMedium.find((medium) => medium.characteristic?.phoneNumber)?.characteristic?.phoneNumber ?? '—'}</Fact>
            <Fact label={t('customer360.since')}>{formatDate(read.createdAt, zone, locale)}</Fact>
            <Fact label={t('customer360.id')}>
              <code>{read.id}</code>
            </Fact>
            {read.testClock && <Fact label={t('customer360.testClock')}>{read.testClock.id}</Fact>}
          </dl>
          <Section id="accounts" title={t('customer360.accounts')}>
            <RequestView request={accounts} home={agentPaths.search}>
              {(items) => <Accounts accounts={items} refresh={refresh} onChanged={() => setRefresh((count) => count + 1)} />}
            </RequestView>
          </Section>
          {accounts.status === 'done' && (
            <>
              <Bills customerId={customerId} accounts={accounts.data} refresh={refresh} onChanged={() => setRefresh((count) => count + 1)} />
              <Payments customerId={customerId} zone={zone} refresh={refresh} onChanged={() => setRefresh((count) => count + 1)} />
              <CreditNotes accounts={accounts.data} refresh={refresh} />
            </>
          )}
          <Products customerId={customerId} zone={zone} refresh={refresh} />
          <Orders customerId={customerId} zone={zone} refresh={refresh} onSettled={() => setRefresh((count) => count + 1)} />
          <Cases customerId={customerId} zone={zone} />
          <Messages customerId={customerId} zone={zone} />
          <CustomerTimelineSection customerId={customerId} zone={zone} refresh={refresh} />
        </>
      )}
    </RequestView>
  );
}

/**
 * Reads a section again, in place, each time an action moved `refresh`: the section keeps
 * showing what it has (and a form its outcome) while the new answer comes.
 */
function useReloadOn(request: RequestState<unknown>, refresh: number): void {
  const seen = useRef(refresh);
  useEffect(() => {
    if (refresh === seen.current) return;
    seen.current = refresh;
    if (request.status === 'done') request.reload();
    else if (request.status === 'failed') request.retry();
  }, [refresh]);
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`section-${id}`} class="card">
      <h2 id={`section-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** A table that scrolls sideways on a narrow screen instead of widening the page. */
function Table({ caption, head, children }: { caption: string; head: string[]; children: ComponentChildren }) {
  const id = `table-${caption.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <table>
        <caption id={id} class="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {head.map((cell) => (
              <th scope="col" key={cell}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A dunning that never began answers 404: that is "none", not a missing page. */
async function dunningOf(api: ApiClient, accountId: string): Promise<Dunning | undefined> {
  try {
    return await api.get<Dunning>(`${apiPaths.dunning}/${encodeURIComponent(accountId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'notFound') return undefined;
    throw error;
  }
}

function Accounts({ accounts, refresh, onChanged }: { accounts: BillingAccount[]; refresh: number; onChanged: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  // The account as the agent chose it: the panel stays, with its outcome, while the accounts are read again.
  const [paying, setPaying] = useState<BillingAccount | undefined>();
  const [dunningOpen, setDunningOpen] = useState<BillingAccount | undefined>();
  const dunnings = useRequest(() => Promise.all(accounts.map((account) => dunningOf(api, account.id))), [accounts.map((account) => account.id).join()]);
  useReloadOn(dunnings, refresh);
  const openDunning = dunningOpen && dunnings.status === 'done' ? dunnings.data[accounts.findIndex((account) => account.id === dunningOpen.id)] : undefined;
  if (accounts.length === 0) return <p>{t('customer360.noAccounts')}</p>;
  return (
    <>
      <Table caption={t('customer360.accounts')} head={[t('customer360.account'), t('customer360.state'), t('home.balance'), t('home.paymentStatus'), t('customer360.dunning'), t('customer360.actions')]}>
        {accounts.map((account, index) => {
          const dunning = dunnings.status === 'done' ? dunnings.data[index] : undefined;
          return (
            <tr key={account.id}>
              <th scope="row">{account.name}</th>
              <td class={`status status-${account.state === 'Suspended' ? 'suspended' : ''}`}>{account.state}</td>
              <td class="number amount-cell" data-account-balance={account.id}>
                {formatMoney(account.accountBalance?.[0]?.amount ?? { unit: account.currency, value: 0 }, locale)}
              </td>
              <td class={`status status-${account.paymentStatus}`}>{t(`home.status.${account.paymentStatus}`)}</td>
              <td>
                {dunnings.status === 'loading'
                  ? '…'
                  : dunnings.status === 'failed'
                    ? t('error.server')
                    : dunning
                      ? t(`dunning.${dunning.status}`, { steps: dunning.stepsDone }) +
                        (dunning.suspended ? ` · ${t('dunning.suspended')}` : '') +
                        (dunning.pausedUntil ? ` · ${t('dunning.pausedUntil', { date: formatDate(dunning.pausedUntil, account.timeZone, locale) })}` : '') +
                        (dunning.nextStepAt && dunning.status === 'active' ? ` · ${t('dunning.next', { date: formatDate(dunning.nextStepAt, account.timeZone, locale) })}` : '')
                      : t('dunning.none')}
              </td>
              <td>
                <button type="button" aria-label={t('takePayment.open', { account: account.name })} aria-expanded={paying?.id === account.id} onClick={() => setPaying(paying?.id === account.id ? undefined : account)}>
                  {t('takePayment.short')}
                </button>
                {dunning?.status === 'active' && (
                  <>
                    {' '}
                    <button type="button" aria-label={t('dunningAction.open', { account: account.name })} aria-expanded={dunningOpen?.id === account.id} onClick={() => setDunningOpen(dunningOpen?.id === account.id ? undefined : account)}>
                      {t('dunningAction.short')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      {paying && <TakePaymentForm key={paying.id} account={paying} onDone={onChanged} onClose={() => setPaying(undefined)} />}
      {dunningOpen && openDunning && <DunningActionsForm key={dunningOpen.id} account={dunningOpen} dunning={openDunning} onDone={onChanged} onClose={() => setDunningOpen(undefined)} />}
    </>
  );
}

function Bills({ customerId, accounts, refresh, onChanged }: { customerId: string; accounts: BillingAccount[]; refresh: number; onChanged: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  // The bill as it was when the agent chose it: the form stays, with its outcome, while the bills are read again.
  const [crediting, setCrediting] = useState<CustomerBill | undefined>();
  const bills = useRequest(() => api.list<CustomerBill>(apiPaths.customerBill, { 'relatedParty.id': customerId, limit: listed }).then((page) => newestFirst(page.items, (bill) => bill.billDate)), [customerId]);
  useReloadOn(bills, refresh);
  const zoneOf = (bill: CustomerBill) => accounts.find((account) => account.id === bill.billingAccount.id)?.timeZone ?? 'UTC';
  return (
    <Section id="bills" title={t('customer360.bills')}>
      <RequestView request={bills} home={agentPaths.search}>
        {(items) =>
          items.length === 0 ? (
            <p>{t('bills.empty')}</p>
          ) : (
            <Table caption={t('customer360.bills')} head={[t('bills.number'), t('bills.date'), t('bills.dueDate'), t('bills.total'), t('bills.remaining'), t('bills.state'), t('customer360.actions')]}>
              {items.map((bill) => (
                <tr key={bill.id}>
                  <th scope="row">{bill.billNo ?? t('bills.draft')}</th>
                  <td>{formatDate(bill.billDate, zoneOf(bill), locale)}</td>
                  <td>{formatDate(bill.paymentDueDate, zoneOf(bill), locale)}</td>
                  <td class="number">{formatMoney(bill.taxIncludedAmount, locale)}</td>
                  <td class="number">{formatMoney(bill.remainingAmount, locale)}</td>
                  <td>{t(`billState.${bill.state}`)}</td>
                  <td>
                    {creditable(bill) && (
                      <button type="button" aria-label={t('creditNote.open', { number: bill.billNo ?? '' })} aria-expanded={crediting?.id === bill.id} onClick={() => setCrediting(crediting?.id === bill.id ? undefined : bill)}>
                        {t('creditNote.short')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </RequestView>
      {crediting && <CreditNoteForm key={crediting.id} bill={crediting} onIssued={onChanged} onClose={() => setCrediting(undefined)} />}
    </Section>
  );
}

function Payments({ customerId, zone, refresh, onChanged }: { customerId: string; zone: string; refresh: number; onChanged: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [refunding, setRefunding] = useState<Payment | undefined>();
  const request = useRequest(
    () =>
      Promise.all([
        api.list<Payment>(apiPaths.payment, { 'payer.id': customerId, limit: listed }).then((page) => newestFirst(page.items, (payment) => payment.paymentDate)),
        api.list<Refund>(apiPaths.refund, { 'relatedParty.id': customerId, limit: listed }).then((page) => newestFirst(page.items, (refund) => refund.refundDate)),
      ]),
    [customerId],
  );
  useReloadOn(request, refresh);
  return (
    <Section id="payments" title={t('customer360.payments')}>
      <RequestView request={request} home={agentPaths.search}>
        {([payments, refunds]) => (
          <>
            {payments.length === 0 ? (
              <p>{t('customer360.noPayments')}</p>
            ) : (
              <Table caption={t('customer360.payments')} head={[t('customer360.date'), t('bills.total'), t('customer360.method'), t('customer360.state'), t('customer360.description'), t('customer360.actions')]}>
                {payments.map((payment) => (
                  <tr key={payment.id}>
                    <td>{formatDateTime(payment.paymentDate, zone, locale)}</td>
                    <td class="number">{formatMoney(payment.totalAmount, locale)}</td>
                    <td>{payment.paymentMethod.name ?? payment.paymentMethod.id}</td>
                    <td>{payment.status}</td>
                    <td>{payment.description}</td>
                    <td>
                      {payment.status === 'captured' && (
                        <button type="button" aria-label={t('refund.open', { amount: formatMoney(payment.totalAmount, locale), date: formatDateTime(payment.paymentDate, zone, locale) })} aria-expanded={refunding?.id === payment.id} onClick={() => setRefunding(refunding?.id === payment.id ? undefined : payment)}>
                          {t('refund.short')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
            {refunding && <RefundForm key={refunding.id} payment={refunding} onDone={onChanged} onClose={() => setRefunding(undefined)} />}
            <h3>{t('customer360.refunds')}</h3>
            {refunds.length === 0 ? (
              <p>{t('customer360.noRefunds')}</p>
            ) : (
              <Table caption={t('customer360.refunds')} head={[t('customer360.date'), t('bills.total'), t('customer360.state'), t('customer360.description')]}>
                {refunds.map((refund) => (
                  <tr key={refund.id}>
                    <td>{formatDateTime(refund.refundDate, zone, locale)}</td>
                    <td class="number">{formatMoney(refund.totalAmount, locale)}</td>
                    <td>{refund.status}</td>
                    <td>{refund.description}</td>
                  </tr>
                ))}
              </Table>
            )}
          </>
        )}
      </RequestView>
    </Section>
  );
}

function CreditNotes({ accounts, refresh }: { accounts: BillingAccount[]; refresh: number }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () => Promise.all(accounts.map((account) => api.list<CreditNote>(apiPaths.creditNote, { 'billingAccount.id': account.id, limit: listed }).then((page) => page.items))).then((lists) => newestFirst(lists.flat(), (note) => note.date)),
    [accounts.map((account) => account.id).join()],
  );
  useReloadOn(request, refresh);
  return (
    <Section id="credit-notes" title={t('customer360.creditNotes')}>
      <RequestView request={request} home={agentPaths.search}>
        {(notes) =>
          notes.length === 0 ? (
            <p>{t('customer360.noCreditNotes')}</p>
          ) : (
            <Table caption={t('customer360.creditNotes')} head={[t('customer360.number'), t('customer360.date'), t('bills.number'), t('bills.total'), t('action.reason')]}>
              {notes.map((note) => (
                <tr key={note.id}>
                  <th scope="row">{note.creditNoteNo}</th>
                  <td>{formatDate(note.date, accounts.find((account) => account.id === note.billingAccount.id)?.timeZone ?? 'UTC', locale)}</td>
                  <td>{note.bill.billNo}</td>
                  <td class="number">{formatMoney(note.taxIncludedAmount, locale)}</td>
                  <td>{note.reason}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </RequestView>
    </Section>
  );
}

function Products({ customerId, zone, refresh }: { customerId: string; zone: string; refresh: number }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(() => api.list<Product>(apiPaths.product, { 'relatedParty.id': customerId, limit: listed }).then((page) => page.items), [customerId]);
  useReloadOn(request, refresh);
  return (
    <Section id="products" title={t('customer360.products')}>
      <RequestView request={request} home={agentPaths.search}>
        {(products) =>
          products.length === 0 ? (
            <p>{t('products.empty')}</p>
          ) : (
            <ul class="plain-list">
              {products.map((product) => (
                <li key={product.id}>
                  <strong>{product.name}</strong> <span class={`status status-${product.status}`}>{t(`productStatus.${product.status}`)}</span>{' '}
                  {product.startDate && <span class="help">{t('products.since', { date: formatDate(product.startDate, zone, locale) })}</span>}
                  {product.status === 'active' && (
                    <>
                      {' '}
                      <a href={agentPaths.changeProduct(customerId, product.id)} aria-label={t('customer360.changePlan', { name: product.name })}>
                        {t('customer360.changePlanShort')}
                      </a>{' '}
                      ·{' '}
                      <a href={agentPaths.endProduct(customerId, product.id)} aria-label={t('customer360.endProduct', { name: product.name })}>
                        {t('customer360.endShort')}
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </RequestView>
    </Section>
  );
}

/** The orders with their live state: read again while one moves; once they settle, the whole 360 is (products, bills, balance). */
function Orders({ customerId, zone, refresh, onSettled }: { customerId: string; zone: string; refresh: number; onSettled: () => void }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(() => api.list<ProductOrder>(apiPaths.productOrder, { 'relatedParty.id': customerId, limit: listed }).then((page) => newestFirst(page.items, (order) => order.orderDate)), [customerId]);
  useReloadOn(request, refresh);
  useLiveOrders(request, request.status === 'done' ? request.data : undefined, onSettled);
  return (
    <Section id="orders" title={t('customer360.orders')}>
      <p>
        <a class="button" href={agentPaths.placeOrder(customerId)}>
          {t('customer360.placeOrder')}
        </a>
      </p>
      <RequestView request={request} home={agentPaths.search}>
        {(orders) =>
          orders.length === 0 ? (
            <p>{t('orders.empty')}</p>
          ) : (
            <ul class="plain-list">
              {orders.map((order) => (
                <li key={order.id}>
                  <code>{order.id}</code> · {formatDateTime(order.orderDate, zone, locale)} · {t(`orderState.${order.state}`)}
                </li>
              ))}
            </ul>
          )
        }
      </RequestView>
    </Section>
  );
}

function Cases({ customerId, zone }: { customerId: string; zone: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(() => api.list<SupportCase>(apiPaths.troubleTicket, { 'relatedParty.id': customerId, limit: listed }).then((page) => newestFirst(page.items, (supportCase) => supportCase.creationDate)), [customerId]);
  return (
    <Section id="cases" title={t('customer360.cases')}>
      <RequestView request={request} home={agentPaths.search}>
        {(cases) =>
          cases.length === 0 ? (
            <p>{t('support.empty')}</p>
          ) : (
            <ul class="plain-list">
              {cases.map((supportCase) => (
                <li key={supportCase.id}>
                  <a href={agentPaths.supportCase(supportCase.id)}>{caseTitle(supportCase, i18n)}</a> · {t(caseStatusLabel(statusOfCase(supportCase), 'agent'))} ·{' '}
                  {formatDate(supportCase.creationDate, zone, locale)}
                </li>
              ))}
            </ul>
          )
        }
      </RequestView>
    </Section>
  );
}

function Messages({ customerId, zone }: { customerId: string; zone: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(
    () => api.list<CommunicationMessage>(apiPaths.communicationMessage, { 'receiver.id': customerId, limit: listed, fields: 'subject,sendTime,messageType' }).then((page) => newestFirst(page.items, (message) => message.sendTime).slice(0, 10)),
    [customerId],
  );
  return (
    <Section id="messages" title={t('customer360.messages')}>
      <RequestView request={request} home={agentPaths.search}>
        {(messages) =>
          messages.length === 0 ? (
            <p>{t('home.noMessages')}</p>
          ) : (
            <ul class="messages">
              {messages.map((message) => (
                <li key={message.id}>
                  <span class="message-subject">{message.subject ?? message.messageType}</span> <time dateTime={message.sendTime}>{formatDateTime(message.sendTime, zone, locale)}</time>
                </li>
              ))}
            </ul>
          )
        }
      </RequestView>
    </Section>
  );
}
