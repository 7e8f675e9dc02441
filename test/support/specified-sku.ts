import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { call } from './local-api.js';

/**
 * A new SKU with a product specification of its own naming it (characteristic
 * `stockKeepingUnit`): stock is kept only of goods the catalog has.
 */
export async function specifiedSku(prefix: string, adminToken: string): Promise<string> {
  const sku = `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
  const specification = await call('/tmf-api/productCatalogManagement/v4/productSpecification', {
    method: 'POST',
    token: adminToken,
    body: {
      name: `Goods ${sku}`,
      productSpecCharacteristic: [{ name: 'stockKeepingUnit', valueType: 'string', productSpecCharacteristicValue: [{ value: sku, valueType: 'string' }] }],
    },
  });
  expect(specification.status).toBe(201);
  return sku;
}
