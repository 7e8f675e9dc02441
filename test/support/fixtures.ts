import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { Customer } from '../../domain/customers/customer.js';

/** Stored resources and their table items, as the stores write them (docs/data-model.md). */
export function customerResource(overrides: Partial<Customer> = {}): Customer {
  const id = overrides.id ?? 'cust-1';
  return {
    id,
    href: `/tmf-api/customerManagement/v4/customer/${id}`,
    name: 'Ada Lovelace',
    status: 'Validated',
    engagedParty: { id: `party-of-${id}`, name: 'Ada Lovelace', '@referredType': 'Individual' },
    contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: `${id}@example.com` } }],
    '@type': 'Customer',
    createdAt: '2026-01-10T09:00:00.000Z',
    lastModified: '2026-01-10T09:00:00.000Z',
    ...overrides,
  };
}

export function customerItem(customer: Customer, version = 1) {
  return {
    pk: `CUSTOMER#${customer.id}`,
    sk: 'CUSTOMER',
    gsi1pk: 'TYPE#Customer',
    gsi1sk: `${customer.createdAt}#${customer.id}`,
    entityType: 'Customer',
    version,
    resource: customer,
  };
}

export function billingAccountResource(overrides: Partial<BillingAccount> & { ownerId?: string } = {}): BillingAccount {
  const { ownerId = 'cust-1', ...rest } = overrides;
  const id = rest.id ?? 'ba-1';
  const day = rest.billingCycleDay ?? 10;
  return {
    id,
    href: `/tmf-api/accountManagement/v4/billingAccount/${id}`,
    name: 'Ada Lovelace - default',
    accountType: 'customer',
    state: 'Active',
    paymentStatus: 'paidUp',
    relatedParty: [{ id: ownerId, name: 'Ada Lovelace', role: 'owner', '@referredType': 'Customer' }],
    billStructure: {
      cycleSpecification: {
        name: `monthly-day-${day}`,
        isRef: false,
        frequency: 'monthly',
        billingPeriod: 'P1M',
        billingDateShift: day - 1,
        '@type': 'BillingCycleSpecification',
      },
    },
    billingCycleDay: day,
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    isDefault: true,
    '@type': 'BillingAccount',
    createdAt: '2026-01-10T09:00:01.000Z',
    lastModified: '2026-01-10T09:00:01.000Z',
    ...rest,
  };
}

export function billingAccountItem(account: BillingAccount, version = 1) {
  // An organization's account is under no customer.
  const owner = account.relatedParty.find((party) => party['@referredType'] === 'Customer')?.id;
  return {
    pk: `BILLING_ACCOUNT#${account.id}`,
    sk: 'BILLING_ACCOUNT',
    gsi1pk: 'TYPE#BillingAccount',
    gsi1sk: `${account.createdAt}#${account.id}`,
    ...(owner !== undefined ? { gsi2pk: `CUSTOMER#${owner}`, gsi2sk: `BillingAccount#${account.createdAt}#${account.id}` } : {}),
    entityType: 'BillingAccount',
    version,
    resource: account,
  };
}

/** A customer's communication preferences as the store keeps them (functions/lib/store/communication-preferences-store.ts): its choices, the rest defaults. */
export function preferencesItem(customerId: string, choices: { kind: string; email: boolean; sms: boolean }[], version = 1, lastUpdate = '2027-01-01T00:00:00.000Z') {
  return {
    pk: `CUSTOMER#${customerId}`,
    sk: 'COMMUNICATION_PREFERENCES',
    entityType: 'CommunicationPreferences',
    version,
    resource: { choices, lastUpdate },
  };
}
