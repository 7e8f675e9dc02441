import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { repositoryRoot } from '../../infra/lambda-bundling.js';

/**
 * The partition-key prefixes each module that writes to the table can write (PutItem,
 * UpdateItem, DeleteItem, BatchWriteItem, or a Put/Update/Delete inside TransactWriteItems),
 * read off its key helpers (docs/data-model.md). ConditionChecks are left out: they change
 * nothing and stay with the unconditioned reads (docs/security.md). A module that writes keys
 * made by its callers (batch-items, lost-races, table-items) names none: the caller's module
 * made the key and is listed for it.
 *
 * A store module that starts writing a new kind of item must be added here, or a function
 * reaching it will deploy without the grant: the local runtime does not enforce IAM, so only
 * this table stands between that and a production AccessDenied. A module that writes and is
 * missing here fails the test that walks the stores (writingModulesAreMapped).
 */
export const writePrefixesByModule: Readonly<Record<string, readonly string[]>> = {
  // Handlers that send a transaction of items their store modules build (billRunPut, outboxPut, ...): those modules name the prefixes.
  'functions/billing/start-bill-run.ts': [],
  'functions/collections/account-dunning.ts': [],
  'functions/collections/account-payments.ts': [],
  'functions/lib/http/idempotency.ts': ['IDEMPOTENCY#'],
  'functions/lib/providers/simulated-payment-gateway.ts': ['SIMULATED_GATEWAY#'],
  'functions/lib/store/account-credit-store.ts': ['BILLING_ACCOUNT#'],
  'functions/lib/store/account-ledger-store.ts': ['BILLING_ACCOUNT#'],
  // The six TMF666 records beside billing accounts, chosen at run time (keys.accountRecord), and their reference counts.
  'functions/lib/store/account-record-store.ts': ['ACCOUNT_RECORD#'],
  // Entries sit under the resource they are about: customers' here; a billing account's (its dunning's changes) come with dunning-store's prefix.
  'functions/lib/store/audit-trail.ts': ['CUSTOMER#'],
  'functions/lib/store/batch-items.ts': [],
  'functions/lib/store/bill-on-demand-store.ts': ['CUSTOMER_BILL_ON_DEMAND#'],
  'functions/lib/store/bill-run-store.ts': ['BILL_RUN#'],
  // Bills and their lines, number series, billed usage under the product.
  // A bill put on hold or released, and its audit entry, under the bill (CUSTOMER_BILL#: audit-trail.ts names entries by the resource's type).
  'functions/lib/store/bill-hold-store.ts': ['BILL#', 'CUSTOMER_BILL#'],
  'functions/lib/store/bill-store.ts': ['BILL#', 'BILL_SERIES#', 'PRODUCT#'],
  // The account, the customer's default-account marker, and the customer item's count of its accounts' default changes (accountDefaultsVersion).
  'functions/lib/store/billing-account-store.ts': ['BILLING_ACCOUNT#', 'CUSTOMER#'],
  'functions/lib/store/billing-schedule-store.ts': ['BILLING_ACCOUNT#'],
  // The five TMF620 kinds, chosen at run time (keys.catalogResource).
  'functions/lib/store/catalog-store.ts': ['CATALOG#', 'CATEGORY#', 'PRODUCT_SPECIFICATION#', 'PRODUCT_OFFERING#', 'PRODUCT_OFFERING_PRICE#'],
  'functions/lib/store/communication-message-store.ts': ['COMMUNICATION_MESSAGE#'],
  // A customer's communication preferences, under the customer.
  'functions/lib/store/communication-preferences-store.ts': ['CUSTOMER#'],
  'functions/lib/store/credit-hold-store.ts': ['BILLING_ACCOUNT#'],
  'functions/lib/store/credit-note-store.ts': ['CREDIT_NOTE#', 'BILL#'],
  // A customer's erasure: the customer, its e-mail guard, its preferences (under it) and its billing accounts.
  'functions/lib/store/customer-erasure-store.ts': ['CUSTOMER#', 'CUSTOMER_EMAIL#', 'BILLING_ACCOUNT#'],
  'functions/lib/store/customer-store.ts': ['CUSTOMER#', 'CUSTOMER_EMAIL#'],
  // The search index's entries, and under the customer the list of them.
  'functions/lib/store/customer-search-store.ts': ['CUSTOMER#', 'CUSTOMER_SEARCH#'],
  // Timeline entries, under their customer.
  'functions/lib/store/customer-timeline-store.ts': ['CUSTOMER#'],
  'functions/lib/store/dunning-store.ts': ['BILLING_ACCOUNT#'],
  'functions/lib/store/email-change-store.ts': ['EMAIL_CHANGE#'],
  'functions/lib/store/event-subscription-store.ts': ['HUB_SUBSCRIPTION#'],
  'functions/lib/store/goodwill-credit-store.ts': ['GOODWILL_CREDIT#'],
  'functions/lib/store/hub-dead-letter-store.ts': ['HUB_DEAD_LETTER#'],
  'functions/lib/store/lost-races.ts': [],
  'functions/lib/store/mrr-store.ts': ['MRR_CUSTOMER#', 'MRR#'],
  'functions/lib/store/onboarding-store.ts': ['ONBOARDING#', 'CUSTOMER#'],
  'functions/lib/store/outbox.ts': ['OUTBOX#'],
  'functions/lib/store/payment-store.ts': ['PAYMENT#', 'REFUND#'],
  'functions/lib/store/phone-number-store.ts': ['PHONE_NUMBER#'],
  'functions/lib/store/product-order-store.ts': ['PRODUCT_ORDER#', 'CANCEL_PRODUCT_ORDER#'],
  'functions/lib/store/product-store.ts': ['PRODUCT#'],
  'functions/lib/store/provisioning-request-store.ts': ['PROVISIONING_REQUEST#'],
  'functions/lib/store/report-store.ts': ['RECEIVABLE#', 'BILL_RUN_HISTORY#'],
  'functions/lib/store/revenue-store.ts': ['REVENUE_SCHEDULE#', 'REVENUE_WRITE_OFF#', 'REVENUE_LEDGER#'],
  // Stock levels, and reservations under their order.
  'functions/lib/store/stock-store.ts': ['STOCK#', 'PRODUCT_ORDER#'],
  'functions/lib/store/support-case-store.ts': ['SUPPORT_CASE#'],
  'functions/lib/store/table-items.ts': [],
  'functions/lib/store/test-clock-store.ts': ['TEST_CLOCK#'],
  'functions/lib/store/usage-store.ts': ['USAGE#'],
  'functions/lib/store/zone-table-store.ts': ['ZONE_TABLE#'],
};

/**
 * Exports of a writing module that write nothing and build no write (finders, lists, pure
 * helpers). A handler that imports only these from the module is not granted its prefixes, so
 * reading a test clock does not grant writing clocks. Safe by default: an export not listed
 * here counts as writing (key helpers too: callers build writes with them), and the test
 * checks that no export listed here holds a write itself.
 */
export const readOnlyExports: Readonly<Record<string, readonly string[]>> = {
  'functions/lib/store/test-clock-store.ts': ['findTestClock', 'findTestClocks', 'listTestClocks'],
  'functions/lib/store/event-subscription-store.ts': ['countSubscriptions', 'findSubscription', 'subscriptionsOf'],
  'functions/lib/store/hub-dead-letter-store.ts': ['findDeadLetter', 'listDeadLetters'],
  'functions/lib/store/billing-schedule-store.ts': ['dueShards', 'duePartitions', 'findSchedule', 'billingTimeZones', 'dueAccounts', 'countDueAccounts'],
  'functions/lib/store/billing-account-store.ts': ['findBillingAccount', 'findDefaultBillingAccountId', 'listBillingAccounts', 'billingAccountsDefaultingTo'],
  'functions/lib/store/account-record-store.ts': ['findAccountRecord', 'findAccountRecords', 'listAccountRecords', 'inUse'],
  // Every sender of customer notifications reads the preferences (functions/lib/communication/notify-customer.ts): reading grants no write.
  'functions/lib/store/communication-preferences-store.ts': ['findCommunicationPreferences'],
  'functions/lib/store/customer-store.ts': ['duplicateEmail', 'findCustomer', 'findCustomers', 'findCustomerIdByEmail', 'listCustomers', 'customerUpdateFailure'],
  'functions/lib/store/customer-search-store.ts': ['findCustomerToIndex', 'findSearchEntries', 'findBillNumberEntry', 'maxEntriesRead', 'customersByName', 'customersByPhone'],
  'functions/lib/store/customer-timeline-store.ts': ['findBillingAccountOwner', 'customerExists', 'timelineSlice', 'customerErasedAt'],
  // The item of an audit entry: written by the module that imports it, under the prefix of the resource it audits.
  'functions/lib/store/audit-trail.ts': ['auditEntryKey', 'auditEntryItem'],
  'functions/lib/store/bill-store.ts': [
    'openBillPartitions',
    'openBillsDueBy',
    'collectionAttemptOf',
    'openBillsOfAccount',
    'billsPaidBy',
    'findBill',
    'findBillLine',
    'billedUsageOf',
    'lastBillNumbers',
    'listBills',
    'newestIssuedBills',
    'linesOfBill',
    'listCustomerBillLines',
  ],
  'functions/lib/store/product-store.ts': ['storedProductOf', 'findProduct', 'findProducts', 'findProductsForGuiding', 'listProducts', 'listStoredProducts', 'productsOfAccount', 'productsOfCustomer'],
  'functions/lib/store/catalog-store.ts': ['findCatalogResource', 'findCatalogResources', 'listCatalogResources', 'isCatalogStockKeepingUnit'],
  'functions/lib/store/zone-table-store.ts': ['findZoneTableSummary', 'findZoneTable', 'findZoneTables', 'listZoneTables'],
  'functions/lib/store/stock-store.ts': ['maxReservedSkus', 'findStockLevel', 'listStockLevels', 'findStockReservation'],
  'functions/lib/store/payment-store.ts': ['findRefundedTotal', 'findPayment', 'findRefund', 'listPayments', 'listRefunds'],
  'functions/lib/store/product-order-store.ts': ['listProductOrders'],
  'functions/lib/store/customer-erasure-store.ts': ['billingAccountsToClose'],
};

/** What marks code as writing to the table: a write command, or a write inside a transaction or batch. */
export const tableWriteMarker =
  /\b(?:PutCommand|UpdateCommand|DeleteCommand|BatchWriteCommand|TransactWriteCommand)\b|\b(?:Put|Update|Delete): \{|\bbatchWriteItems\(|\b(?:put|delete): \{|DynamoDBPersistenceLayer|versionedResourceUpdate\(/;

/** What a module imports from another: the names, or every export (`*`: a namespace, a re-export, a bare import). */
interface ModuleImport {
  path: string;
  names: readonly string[] | '*';
}

const importStatement = /(?:^|\n)[ \t]*(import|export)\s+(type\s+)?([^'";]*?)\s*(?:from\s+)?['"]([^'"]+)['"]/g;

/** Relative imports of a module, resolved to repository paths (`./x.js` is `./x.ts`); type-only imports left out (no code in the bundle). */
function importsOf(path: string): ModuleImport[] {
  const source = readFileSync(resolve(repositoryRoot, path), 'utf8');
  const found: ModuleImport[] = [];
  for (const match of source.matchAll(importStatement)) {
    const [, keyword, typeOnly, clause = '', specifier = ''] = match;
    if (typeOnly || !specifier.startsWith('.')) continue;
    const base = resolve(repositoryRoot, dirname(path), specifier);
    const file = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
    if (!file) continue;
    const braces = /^\{([^}]*)\}$/s.exec(clause.trim());
    const names =
      keyword === 'import' && braces
        ? braces[1]!
            .split(',')
            .map((name) => name.trim())
            .filter((name) => name !== '' && !name.startsWith('type '))
            .map((name) => name.split(/\s+as\s+/)[0]!)
        : '*';
    found.push({ path: relative(repositoryRoot, file), names });
  }
  return found;
}

/** Every module a handler's entry reaches through its static imports, with what is imported of each (the entry: `*`). */
export function modulesReachedFrom(entry: string): Map<string, Set<string>> {
  const reached = new Map<string, Set<string>>([[entry, new Set(['*'])]]);
  const visited = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (visited.has(path)) continue;
    visited.add(path);
    for (const { path: imported, names } of importsOf(path)) {
      const used = reached.get(imported) ?? new Set<string>();
      for (const name of names === '*' ? ['*'] : names) used.add(name);
      reached.set(imported, used);
      pending.push(imported);
    }
  }
  return reached;
}

/**
 * The partition-key prefixes a handler can write, as far as its import graph tells: the union
 * over the writing modules it reaches and imports a writing export of. Modules reached only
 * through other modules count whole, as do modules without a read-only list: an over-grant,
 * never a missing grant.
 */
export function derivedWritePrefixes(entry: string): string[] {
  const prefixes = new Set<string>();
  for (const [path, names] of modulesReachedFrom(entry)) {
    const readers = readOnlyExports[path];
    if (readers && [...names].every((name) => readers.includes(name))) continue;
    for (const prefix of writePrefixesByModule[path] ?? []) prefixes.add(prefix);
  }
  return [...prefixes].sort();
}

/** The top-level code of an export, up to the next top-level declaration: enough to see whether it writes itself. */
export function exportSource(path: string, name: string): string | undefined {
  const source = readFileSync(resolve(repositoryRoot, path), 'utf8');
  const start = new RegExp(`^export (?:async )?(?:function\\*? |const |class )${name}\\b`, 'm').exec(source);
  if (!start) return undefined;
  const rest = source.slice(start.index + start[0].length);
  const end = /^(?:export |function |async function |const |class |interface |type )/m.exec(rest);
  return start[0] + (end ? rest.slice(0, end.index) : rest);
}
