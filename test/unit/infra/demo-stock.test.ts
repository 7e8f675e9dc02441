import { describe, expect, it } from 'vitest';
import { isValidSku } from '../../../domain/inventory/stock-level.js';
import { demoCatalog } from '../../../infra/seed/demo-catalog.js';
import { demoStock, describeStockSeed } from '../../../infra/seed/seed-demo-stock.js';

/** The stock keeping units the demo catalog's product specifications carry. */
function catalogSkus(): string[] {
  return demoCatalog.flatMap((resource) => {
    if (resource.kind !== 'productSpecification') return [];
    const characteristics = (resource.body as { productSpecCharacteristic?: Array<{ name: string; productSpecCharacteristicValue?: Array<{ value: unknown }> }> })
      .productSpecCharacteristic ?? [];
    return characteristics
      .filter((characteristic) => characteristic.name === 'stockKeepingUnit')
      .flatMap((characteristic) => (characteristic.productSpecCharacteristicValue ?? []).map((value) => String(value.value)));
  });
}

describe('demo stock (infra/seed/seed-demo-stock.ts)', () => {
  it('stocks exactly the physical goods of the demo catalog', () => {
    expect(demoStock.map((stock) => stock.sku).sort()).toEqual(catalogSkus().sort());
    expect(demoStock).toEqual([
      { sku: 'NOVA-X', quantity: 25 },
      { sku: 'SIM-NANO-5G', quantity: 500 },
    ]);
    for (const { sku } of demoStock) expect(isValidSku(sku)).toBe(true);
  });

  it('describes a run in one start-up log line', () => {
    expect(describeStockSeed({ stocked: ['NOVA-X', 'SIM-NANO-5G'], present: [] })).toBe('NOVA-X, SIM-NANO-5G stocked');
    expect(describeStockSeed({ stocked: ['SIM-NANO-5G'], present: ['NOVA-X'] })).toBe('SIM-NANO-5G stocked (NOVA-X already present)');
    expect(describeStockSeed({ stocked: [], present: ['NOVA-X', 'SIM-NANO-5G'] })).toBe('already present');
  });
});
