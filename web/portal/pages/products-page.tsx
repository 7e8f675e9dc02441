import { useApi } from '../../shared/api-context.js';
import { apiPaths, type Product } from '../../shared/api-types.js';
import { RequestView } from '../../shared/components/request-view.js';
import { describePrice } from '../../shared/describe-price.js';
import { formatDate } from '../../shared/format.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { useRequest } from '../../shared/use-request.js';
import { customerAccounts } from '../customer-accounts.js';
import { timeZoneOf } from '../../shared/account-time-zone.js';
import { portalPaths } from '../portal-paths.js';

/** The customer's products: what each is, its status, since when, the prices it was sold at, and until when each promotion on them applies. */
export function ProductsPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, locale } = i18n;
  const request = useRequest(
    () =>
      Promise.all([
        customerAccounts(api, customerId),
        api.list<Product>(apiPaths.product, { 'relatedParty.id': customerId, fields: 'name,status,startDate,terminationDate,orderDate,productPrice,billingAccount' }),
      ]),
    [customerId],
  );
  return (
    <>
      <h1>{t('products.title')}</h1>
      <RequestView request={request} home={portalPaths.home}>
        {([accounts, products]) =>
          products.items.length === 0 ? (
            <p>{t('products.empty')}</p>
          ) : (
            <ul class="products">
              {products.items.map((product) => {
                const zone = timeZoneOf(accounts, product.billingAccount.id);
                const headingId = `product-${product.id}`;
                return (
                  <li key={product.id}>
                    <article aria-labelledby={headingId} class="card">
                      <h2 id={headingId}>{product.name}</h2>
                      <p>
                        <span class={`status status-${product.status}`}>{t(`productStatus.${product.status}`)}</span>{' '}
                        {product.terminationDate
                          ? t('products.ended', { date: formatDate(product.terminationDate, zone, locale) })
                          : product.startDate
                            ? t('products.since', { date: formatDate(product.startDate, zone, locale) })
                            : t('products.ordered', { date: formatDate(product.orderDate, zone, locale) })}
                      </p>
                      {product.status === 'active' && (
                        <p class="product-actions">
                          <a class="button" href={portalPaths.changeProduct(product.id)} aria-label={`${t('products.change')}: ${product.name}`}>
                            {t('products.change')}
                          </a>{' '}
                          <a class="button" href={portalPaths.endProduct(product.id)} aria-label={`${t('products.end')}: ${product.name}`}>
                            {t('products.end')}
                          </a>
                        </p>
                      )}
                      {product.productPrice.length > 0 && (
                        <>
                          <h3 class="visually-hidden">{t('products.prices')}</h3>
                          <ul class="prices">
                            {product.productPrice.map((price) => (
                              <li key={price.productOfferingPrice.id}>
                                {price.name}: {describePrice(price, i18n)}
                                {price.productPriceAlteration
                                  ?.filter((alteration) => alteration.validFor)
                                  .map((alteration) => (
                                    <span key={alteration.productOfferingPrice.id} class="line-period">
                                      {/* Worded for a promotion running or over alike: "over" would need the customer's now, its clock's when it has one. */}
                                      {t('products.promotionUntil', { name: alteration.name, date: formatDate(alteration.validFor!.endDateTime, zone, locale) })}
                                    </span>
                                  ))}
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </article>
                  </li>
                );
              })}
            </ul>
          )
        }
      </RequestView>
    </>
  );
}
