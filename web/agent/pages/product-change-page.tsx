import { useLocation } from 'preact-iso/router';
import { useApi } from '../../shared/api-context.js';
import { apiPaths, type BillingAccount } from '../../shared/api-types.js';
import { useI18n } from '../../shared/i18n/i18n-context.js';
import { ProductChange, type ProductChangeAction } from '../../shared/components/product-change.js';
import { agentPaths } from '../agent-paths.js';
import { useStaff } from '../staff-role.js';

/** An agent changes a customer's plan, or ends a product, with the customer's own preview, and a reason on the order. */
export function AgentProductChangePage({ customerId, productId, action }: { customerId: string; productId: string; action: ProductChangeAction }) {
  const api = useApi();
  const staff = useStaff();
  const { t } = useI18n();
  const { route } = useLocation();
  return (
    <ProductChange
      customerId={customerId}
      productId={productId}
      action={action}
      accounts={() => api.list<BillingAccount>(apiPaths.billingAccount, { 'relatedParty.id': customerId }).then((page) => page.items)}
      back={agentPaths.customer(customerId)}
      backLabel={t('agent.backToCustomer')}
      home={agentPaths.search}
      onOrdered={() => route(agentPaths.customer(customerId))}
      reasonFrom={staff.name}
    />
  );
}
