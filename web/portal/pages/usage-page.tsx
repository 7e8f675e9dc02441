import { useState } from 'preact/hooks';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type Product, type UsageSummary, type UsageSummaryEntry } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { formatDate } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { portalPaths } from '../portal-paths.js';
import { UsageAllowance } from '../usage-allowance.js';
import { formatQuantity, UsageChart } from '../usage-chart.js';

/**
 * What each product used, day by day, this billing period and the one before, against its
 * allowance (GET /usage/v1/usageSummary, docs/usage.md): the periods, days and quantities are
 * the billing rules' own, in the account's time zone and by the customer's clock.
 */
export function UsagePage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t } = useI18n();
  const products = useRequest(() => api.list<Product>(apiPaths.product, { 'relatedParty.id': customerId, status: 'active', fields: 'name,status' }).then((page) => page.items), [customerId]);
  const [chosen, setChosen] = useState<string | undefined>();
  return (
    <>
      <h1>{t('usage.title')}</h1>
      <RequestView request={products} home={portalPaths.home}>
        {(items) => {
          const productId = chosen ?? items[0]?.id;
          if (!productId) return <p>{t('usage.noProducts')}</p>;
          return (
            <>
              {items.length > 1 && (
                <p>
                  <label for="usage-product">{t('usage.product')}</label>
                  <br />
                  <select id="usage-product" value={productId} onChange={(event) => setChosen((event.currentTarget as HTMLSelectElement).value)}>
                    {items.map((product) => (
                      <option key={product.id} value={product.id}>
                        {product.name}
                      </option>
                    ))}
                  </select>
                </p>
              )}
              <ProductUsage productId={productId} />
            </>
          );
        }}
      </RequestView>
    </>
  );
}

function ProductUsage({ productId }: { productId: string }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const request = useRequest(() => api.get<UsageSummary>(apiPaths.usageSummary, { 'product.id': productId }), [productId]);
  return (
    <RequestView request={request} home={portalPaths.home}>
      {(summary) =>
        summary.periods.map((period) => {
          const id = `usage-${period.which}`;
          return (
            <section key={period.which} aria-labelledby={id} class="card">
              <h2 id={id}>
                {t(period.which === 'current' ? 'usage.current' : 'usage.previous', {
                  name: summary.product.name,
                  start: formatDate(period.start, summary.timeZone, locale),
                  end: formatDate(new Date(Date.parse(period.end) - 1).toISOString(), summary.timeZone, locale),
                })}
              </h2>
              {period.usage.length === 0 ? <p>{t('usage.nothing')}</p> : period.usage.map((entry, index) => <UsageEntry key={index} entry={entry} id={`${id}-${index}`} />)}
            </section>
          );
        })
      }
    </RequestView>
  );
}

function UsageEntry({ entry, id }: { entry: UsageSummaryEntry; id: string }) {
  const { t, locale } = useI18n();
  return (
    <div class="usage-entry">
      <UsageAllowance entry={entry} id={id} />
      <UsageChart entry={entry} labelId={`${id}-title`} />
      <details>
        <summary>{t('usage.byDay')}</summary>
        <div class="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table>
            <caption id={`${id}-caption`}>{t('usage.byDayCaption', { unit: entry.unit })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('usage.day')}</th>
                <th scope="col" class="number">
                  {entry.unit}
                </th>
              </tr>
            </thead>
            <tbody>
              {entry.days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day.date}T00:00:00Z`))}</th>
                  <td class="number">{formatQuantity(day.quantity, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
