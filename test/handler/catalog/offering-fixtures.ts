import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { CatalogLifecycleStatus } from '../../../domain/catalog/catalog-lifecycle.js';
import type { ProductOfferingPrice } from '../../../domain/catalog/product-offering-price.js';
import type { ProductOffering } from '../../../domain/catalog/product-offering.js';
import { catalogApi, createdAt } from './catalog-table.js';

/** Stored offerings and prices as the catalog handlers write them. */
export function offeringResource(id: string, lifecycleStatus: CatalogLifecycleStatus = 'Launched', overrides: Partial<ProductOffering> = {}): ProductOffering {
  return {
    id,
    href: `${catalogApi}/productOffering/${id}`,
    name: `Offering ${id}`,
    lifecycleStatus,
    isBundle: false,
    isSellable: true,
    productSpecification: { id: 'spec-1' },
    productOfferingPrice: [{ id: 'pop-monthly' }],
    lastUpdate: createdAt,
    '@type': 'ProductOffering',
    createdAt,
    ...overrides,
  };
}

export function bundleResource(id: string, components: string[], lifecycleStatus: CatalogLifecycleStatus = 'In design'): ProductOffering {
  const { productSpecification: _none, ...offering } = offeringResource(id, lifecycleStatus, {
    isBundle: true,
    bundledProductOffering: components.map((component) => ({ id: component })),
    productOfferingPrice: [],
  });
  return offering;
}

export function priceResource(id: string, lifecycleStatus: CatalogLifecycleStatus = 'Launched', overrides: Partial<ProductOfferingPrice> = {}): ProductOfferingPrice {
  return {
    id,
    href: `${catalogApi}/productOfferingPrice/${id}`,
    name: `Price ${id}`,
    lifecycleStatus,
    isBundle: false,
    priceType: 'recurring',
    price: { unit: 'EUR', value: 20 },
    recurringChargePeriodType: 'month',
    recurringChargePeriodLength: 1,
    validFor: { startDateTime: '2026-01-01T00:00:00Z' },
    lastUpdate: createdAt,
    '@type': 'ProductOfferingPrice',
    createdAt,
    ...overrides,
  };
}

/** The one TransactWriteItems the request sent. */
export function transactItems(mock: AwsClientStub<DynamoDBDocumentClient>) {
  const calls = mock.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems!;
}

/** The outbox events of the request's transaction, in order. */
export function outboxEvents(mock: AwsClientStub<DynamoDBDocumentClient>) {
  return transactItems(mock)
    .filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ source: item.Put!.Item!.source as string, detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));
}
