import { useLocation } from 'preact-iso/router';
import { useApi } from '../../shared/api-context.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { ProductChange, type ProductChangeAction } from '../../shared/components/product-change.js';
import { customerAccounts } from '../customer-accounts.js';
import { portalPaths } from '../portal-paths.js';

/** The customer changes the plan of one of its products, or ends it, then follows the order. */
export function ProductChangePage({ customerId, productId, action }: { customerId: string; productId: string; action: ProductChangeAction }) {
  const api = useApi();
  const { t } = useI18n();
  const { route } = useLocation();
  return (
    <ProductChange
      customerId={customerId}
      productId={productId}
      action={action}
      accounts={() => customerAccounts(api, customerId)}
      back={portalPaths.products}
      backLabel={t('change.backToProducts')}
      home={portalPaths.home}
      onOrdered={() => route(portalPaths.orders)}
    />
  );
}
