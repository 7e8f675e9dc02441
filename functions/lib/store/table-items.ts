/**
 * Key and item conventions of the single table (docs/data-model.md has the full table).
 * Every entity item carries `entityType`, `version` and its TMF resource under `resource`,
 * so list queries can filter and project on resource attributes directly.
 */
export interface EntityItem<TResource> {
  pk: string;
  sk: string;
  entityType: string;
  version: number;
  resource: TResource;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

/** The customer search's index partitions, queried by the prefix of their sort keys. */
export const customerSearchPartitions = {
  name: (partition: string) => `CUSTOMER_SEARCH#NAME#${partition}`,
  phone: (partition: string) => `CUSTOMER_SEARCH#PHONE#${partition}`,
};

export const keys = {
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'CUSTOMER' }),
  customerEmail: (email: string) => ({ pk: `CUSTOMER_EMAIL#${email}`, sk: 'CUSTOMER_EMAIL' }),
  defaultBillingAccount: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'DEFAULT_BILLING_ACCOUNT' }),
  /** The customer search's read model (functions/lib/store/customer-search-store.ts): what one customer has in the index. */
  customerSearchEntries: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'SEARCH_ENTRIES' }),
  /** A word of a customer's name, under the partition of its first characters (domain/customers/customer-search.ts). */
  customerSearchName: (partition: string, word: string, customerId: string) => ({ pk: customerSearchPartitions.name(partition), sk: `${word}#${customerId}` }),
  /** A phone number's digits reversed, under the partition of its last digits. */
  customerSearchPhone: (partition: string, reversedDigits: string, customerId: string) => ({ pk: customerSearchPartitions.phone(partition), sk: `${reversedDigits}#${customerId}` }),
  /** An issued bill's number, uppercased so it is found whatever case it is typed in (numbers are unique). */
  customerSearchBillNo: (billNo: string) => ({ pk: `CUSTOMER_SEARCH#BILL_NO#${billNo.toUpperCase()}`, sk: 'CUSTOMER_SEARCH' }),
  /** An entry of a customer's timeline (functions/lib/store/customer-timeline-store.ts), at its position (domain/customers/customer-timeline.ts). */
  customerTimelineEntry: (customerId: string, position: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `TIMELINE#${position}` }),
  billingAccount: (id: string) => ({ pk: `BILLING_ACCOUNT#${id}`, sk: 'BILLING_ACCOUNT' }),
  /** TMF666 records beside billing accounts (functions/lib/store/account-record-store.ts): `ACCOUNT_RECORD#BillFormat#<id>`, ... */
  accountRecord: (kind: string, id: string) => ({ pk: `ACCOUNT_RECORD#${kind}#${id}`, sk: 'ACCOUNT_RECORD' }),
  outboxEvent: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  onboarding: (id: string) => ({ pk: `ONBOARDING#${id}`, sk: 'ONBOARDING' }),
  /** Catalog resources: `PRODUCT_OFFERING#<id>`, `PRODUCT_OFFERING_PRICE#<id>`, ... */
  catalogResource: (kind: string, id: string) => {
    const prefix = kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    return { pk: `${prefix}#${id}`, sk: prefix };
  },
  /** One part of a zone table version's compressed entries, beside the table's item (functions/lib/store/zone-table-contents.ts). */
  zoneTableContentsPart: (tableId: string, digest: string, part: number) => ({
    pk: `ZONE_TABLE#${tableId}`,
    sk: `ZONE_TABLE_CONTENTS#${digest}#${String(part).padStart(3, '0')}`,
  }),
};

/** gsi1 lists every entity of a type, oldest first by creation time. */
export const byType = (entityType: string, createdAt: string, id: string) => ({
  gsi1pk: `TYPE#${entityType}`,
  gsi1sk: `${createdAt}#${id}`,
});

/** gsi2 lists what a customer owns. */
export const byCustomer = (customerId: string, entityType: string, createdAt: string, id: string) => ({
  gsi2pk: `CUSTOMER#${customerId}`,
  gsi2sk: `${entityType}#${createdAt}#${id}`,
});

/**
 * Replaces an entity's resource if nobody changed it since `expectedVersion` (optimistic
 * concurrency); the first action of every update transaction, so its failure is index 0.
 */
export function versionedResourceUpdate(tableName: string, key: { pk: string; sk: string }, resource: unknown, expectedVersion: number) {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #resource = :resource, #version = :next',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: { ':resource': resource, ':expected': expectedVersion, ':next': expectedVersion + 1 },
    },
  };
}
