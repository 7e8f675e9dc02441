import { ApiError } from '../http/api-error.js';
import type { Principal, Role } from './principal.js';

/**
 * Who may call which route: the role model by duty, in one place (docs/security.md, "Roles by
 * duty"). `apiHandler` refuses (403) a caller none of whose roles is a caller of the route,
 * before the handler reads anything; handlers then decide *whose* data (ownership) and *which
 * attributes* (write access). A route is named as API Gateway names it to the function: its
 * method and resource template (`event.httpMethod`, `event.resource`).
 *
 * Routes not listed are the customer-facing ones: staff serve every customer on them, a
 * customer sees only its own. The machine roles (`mediation`, `provisioning`) and the duty
 * roles (`risk`, `warehouse`) call only the routes listed for them, so a route added later is
 * closed to them until someone lists it. test/infra/route-access.test.ts checks every
 * listed route exists in the topology, and the route × role table of docs/security.md is
 * printed from this (`npm run security:roles`).
 */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export const customerFacingCallers: readonly Role[] = ['admin', 'agent', 'customer'];

const admins: readonly Role[] = ['admin'];
const staff: readonly Role[] = ['admin', 'agent'];

const catalog = '/tmf-api/productCatalogManagement/v4';
const catalogKinds = ['catalog', 'category', 'productSpecification', 'productOffering', 'productOfferingPrice'];
/** The TMF620 resources DELETE removes or retires (functions/catalog/catalog-http.ts, catalogDeleteUseCase). */
const deletableCatalogKinds = ['productSpecification', 'productOffering', 'productOfferingPrice'];
const accountManagement = '/tmf-api/accountManagement/v4';
const accounts = `${accountManagement}/billingAccount`;
const accountRecords = ['billingCycleSpecification', 'billFormat', 'billPresentationMedia', 'financialAccount', 'partyAccount', 'settlementAccount'];

export const routeCallers: Readonly<Record<RouteKey, readonly Role[]>> = {
  // The product catalog and the rating zones price everything: admins only.
  ...Object.fromEntries(catalogKinds.flatMap((kind) => [[`POST ${catalog}/${kind}`, admins], [`PATCH ${catalog}/${kind}/{id}`, admins]])),
  ...Object.fromEntries(deletableCatalogKinds.map((kind) => [`DELETE ${catalog}/${kind}/{id}`, admins])),
  'POST /catalog/v1/zoneTable': admins,
  'POST /catalog/v1/zoneTable/{id}/version': admins,

  // Staff work: registering, onboarding, billing runs, collections, reports.
  'POST /tmf-api/customerManagement/v4/customer': staff,
  // Closing a customer erases its personal data for good (GDPR erasure): admins, and the customer
  // itself for its own record (the handler checks whose); agents do not (docs/security.md, "Erasing a customer").
  'DELETE /tmf-api/customerManagement/v4/customer/{id}': [...admins, 'customer'],
  // Searching finds any customer: staff serve them all; a customer knows who it is.
  'GET /customers/v1/customerSearch': staff,
  // A customer's timeline is staff's record of what happened, told in staff's words (docs/api.md, "Customer timeline").
  'GET /customers/v1/customer/{id}/timeline': staff,
  'POST /onboarding/v1/onboarding': staff,
  'PATCH /tmf-api/usageManagement/v4/usage/{id}': staff,
  'POST /tmf-api/customerBillManagement/v4/customerBillOnDemand': staff,
  // A disputed bill put on hold and released (docs/collections.md, "Bills on hold"): agents handle disputes, as they pause dunning.
  'PATCH /tmf-api/customerBillManagement/v4/customerBill/{id}': staff,
  // Staff write to customers; a customer writes to customer care through a support case (docs/communication.md, "Messages from staff").
  'POST /tmf-api/communicationManagement/v4/communicationMessage': staff,
  'POST /billing/v1/billRun': staff,
  'GET /billing/v1/billRun': staff,
  'GET /billing/v1/billRun/{id}': staff,
  'POST /billing/v1/testClock': staff,
  'GET /billing/v1/testClock': staff,
  'GET /billing/v1/testClock/{id}': staff,
  'POST /billing/v1/testClock/{id}/advance': staff,
  // A customer pays its own open bills by card (create-payment checks whose account and card).
  'POST /tmf-api/paymentManagement/v4/payment': [...staff, 'customer'],
  'POST /tmf-api/paymentManagement/v4/refund': staff,
  'POST /collections/v1/creditNote': staff,
  'POST /collections/v1/goodwillCredit': staff,
  'GET /collections/v1/receivables': staff,
  // Dunning by hand (docs/collections.md, "Pausing, stopping, restoring"): agents pause and resume it; ending it or giving back a suspended service forgoes collection, so admins only.
  'POST /collections/v1/dunning/{billingAccountId}/pause': staff,
  'POST /collections/v1/dunning/{billingAccountId}/resume': staff,
  'POST /collections/v1/dunning/{billingAccountId}/stop': admins,
  'POST /collections/v1/dunning/{billingAccountId}/restoreService': admins,
  'GET /reports/v1/revenue': staff,
  'GET /reports/v1/journalEntries': staff,
  'GET /reports/v1/mrr': staff,
  'GET /reports/v1/receivables': staff,
  'GET /reports/v1/billRuns': staff,
  // Hub dead letters carry any customer's events (docs/events.md, "Hub subscriptions").
  'GET /hub/v1/deadLetter': staff,
  'POST /hub/v1/deadLetterReplay': staff,

  // Usage feeds write usage records and read them back (what was rated, what was rejected and
  // why); people correct them (above). Customers read their own. A feed calls nothing else.
  'POST /tmf-api/usageManagement/v4/usage': ['admin', 'agent', 'mediation'],
  'POST /usage/v1/usageBatch': ['admin', 'agent', 'mediation'],
  'GET /tmf-api/usageManagement/v4/usage': [...customerFacingCallers, 'mediation'],
  'GET /tmf-api/usageManagement/v4/usage/{id}': [...customerFacingCallers, 'mediation'],

  // Billing accounts: agents open and change them; credit/risk officers read them and change
  // only their credit limit (domain/customers/billing-account-write-access.ts); opening one is
  // a service act, so `risk` does not. Customers read their own, and of their own change only
  // which of their cards pays the bills (`defaultPaymentMethod`; the handler checks whose
  // account and which card).
  [`POST ${accounts}`]: staff,
  [`GET ${accounts}`]: [...customerFacingCallers, 'risk'],
  [`GET ${accounts}/{id}`]: [...customerFacingCallers, 'risk'],
  [`PATCH ${accounts}/{id}`]: [...customerFacingCallers, 'risk'],
  // The other TMF666 records (docs/api.md, "Account management"): what billing accounts bill on
  // and how their bills are rendered and sent, and the accounts of partners and suppliers; staff
  // keep them. A customer's own account shows the ones it uses, copied into it.
  ...Object.fromEntries(
    accountRecords.flatMap((record) => [
      [`POST ${accountManagement}/${record}`, staff],
      [`GET ${accountManagement}/${record}`, staff],
      [`GET ${accountManagement}/${record}/{id}`, staff],
      [`PATCH ${accountManagement}/${record}/{id}`, staff],
      [`DELETE ${accountManagement}/${record}/{id}`, staff],
    ]),
  ),

  // Stock: agents read it (can this phone ship?); only the warehouse (and admins) adjust it.
  'GET /inventory/v1/stockLevel': ['admin', 'agent', 'warehouse'],
  'GET /inventory/v1/stockLevel/{sku}': ['admin', 'agent', 'warehouse'],
  'POST /inventory/v1/stockLevel/{sku}/adjustment': ['admin', 'warehouse'],

  // The provisioning system's callback resumes an order. Admins too, to recover an order by
  // hand when the provisioning system cannot call back; agents no longer.
  'POST /provisioning/v1/provisioningRequest/{id}/result': ['admin', 'provisioning'],
};

/**
 * Every TMF API's hub (infra/topology/event-subscriptions.ts, one per API, so matched by shape
 * rather than listed): customers subscribe to their own events and staff to everyone's;
 * machine clients do not subscribe.
 */
const hubRoute = /^(POST|GET|DELETE) \/tmf-api\/[^/]+\/v4\/hub(\/\{id\})?$/;
const hubCallers: readonly Role[] = [...staff, 'customer'];

/** The roles that may call a route; a route not listed is customer-facing. */
export const callersOf = (route: string): readonly Role[] => routeCallers[route as RouteKey] ?? (hubRoute.test(route) ? hubCallers : customerFacingCallers);

export const routeKeyOf = (event: { httpMethod: string; resource: string }): string => `${event.httpMethod} ${event.resource}`;

export function requireRouteAccess(principal: Principal, route: string): void {
  const callers = callersOf(route);
  if (principal.roles.some((role) => callers.includes(role))) return;
  throw ApiError.forbidden(`the ${principal.roles.join(', ')} role may not call ${route}: only ${callers.join(', ')} users may`);
}
