import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { checkSku, checkStockAdjustment, isValidSku, stockAdjustmentSchema, stockLevelOf } from '../../../../domain/inventory/stock-level.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';

const issuesOf = (body: unknown) => stockAdjustmentSchema.safeParse(body).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('stock keeping units', () => {
  it.each(['NOVA-X', 'SIM-NANO-5G', '5G', 'A', 'A'.repeat(64)])('accepts %s', (sku) => {
    expect(isValidSku(sku)).toBe(true);
  });

  it.each(['', 'nova-x', '-NOVA', 'NOVA X', 'NOVA_X', 'NOVA/X', 'A'.repeat(65), 'ÉCRAN'])('rejects "%s"', (sku) => {
    expect(isValidSku(sku)).toBe(false);
  });

  it('checkSku throws the 400 naming the field it came in', () => {
    const error = (() => {
      try {
        checkSku('nova-x', 'lines.0.sku');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([{ field: 'lines.0.sku', problem: expect.stringContaining('upper-case') }]);
    expect(() => checkSku('NOVA-X')).not.toThrow();
  });
});

describe('stockLevelOf', () => {
  it('is the API resource, with available derived from onHand and reserved', () => {
    expect(stockLevelOf({ sku: 'NOVA-X', onHand: 25, reserved: 3, updatedAt: '2026-03-01T10:00:00.000Z' })).toEqual({
      id: 'NOVA-X',
      href: '/inventory/v1/stockLevel/NOVA-X',
      sku: 'NOVA-X',
      onHand: 25,
      reserved: 3,
      available: 22,
      updatedAt: '2026-03-01T10:00:00.000Z',
      '@type': 'StockLevel',
    });
  });
});

describe('stockAdjustmentSchema', () => {
  it('accepts goods in and goods out', () => {
    expect(stockAdjustmentSchema.parse({ quantity: 25, reason: 'delivery note 4711' })).toEqual({ quantity: 25, reason: 'delivery note 4711' });
    expect(stockAdjustmentSchema.parse({ quantity: -1, reason: 'damaged in the shop' })).toEqual({ quantity: -1, reason: 'damaged in the shop' });
  });

  it('rejects a zero, a fraction, an out-of-range or a missing quantity, naming it', () => {
    for (const quantity of [0, 1.5, 1_000_001, -1_000_001, '3', undefined]) {
      expect(issuesOf({ quantity, reason: 'x' })).toEqual([expect.stringMatching(/^quantity: a whole number from -1000000 to 1000000 other than 0/)]);
    }
  });

  it('needs a reason of 1 to 256 characters that is not blank', () => {
    expect(issuesOf({ quantity: 1 })).toEqual([expect.stringMatching(/^reason: /)]);
    expect(issuesOf({ quantity: 1, reason: '' })).toContain('reason: Too small: expected string to have >=1 characters');
    expect(issuesOf({ quantity: 1, reason: '   ' })).toEqual(['reason: a reason that is not blank']);
    expect(issuesOf({ quantity: 1, reason: 'x'.repeat(257) })).toEqual([expect.stringMatching(/^reason: /)]);
    expect(issuesOf({ quantity: 1, reason: 'x'.repeat(256) })).toEqual([]);
  });

  it('is strict: an unknown attribute is named, not dropped', () => {
    expect(issuesOf({ quantity: 1, reason: 'x', sku: 'NOVA-X' })).toEqual([expect.stringMatching(/^: Unrecognized key/)]);
  });

  it('has no transforms, so it can be an API Gateway model that stops a zero too', () => {
    const model = z.toJSONSchema(stockAdjustmentSchema, { target: 'draft-04', io: 'input' }) as unknown as { properties: { quantity: { anyOf: unknown[] } } };
    expect(model.properties.quantity.anyOf).toEqual([
      { type: 'integer', minimum: 1, maximum: 1_000_000 },
      { type: 'integer', minimum: -1_000_000, maximum: -1 },
    ]);
  });
});

describe('checkStockAdjustment', () => {
  it('lets goods out down to the reserved quantity, not below, and names onHand, reserved and the change', () => {
    expect(() => checkStockAdjustment('NOVA-X', { onHand: 5, reserved: 2 }, -3)).not.toThrow();
    const refusal = (() => {
      try {
        checkStockAdjustment('NOVA-X', { onHand: 5, reserved: 2 }, -4);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(refusal).toBeInstanceOf(RuleViolationError);
    expect((refusal as RuleViolationError).rule).toBe('stock-below-reserved');
    expect((refusal as Error).message).toBe(
      'adjusting NOVA-X by -4 would leave 1 on hand, below the 2 reserved for orders (onHand 5, reserved 2); at most 3 can leave the warehouse now',
    );
  });

  it('treats a SKU without a level as nothing on hand: goods in pass, goods out do not', () => {
    expect(() => checkStockAdjustment('NEW-SKU', undefined, 10)).not.toThrow();
    expect(() => checkStockAdjustment('NEW-SKU', undefined, -1)).toThrow(/onHand 0, reserved 0/);
  });

  it('accepts exactly the adjustments that keep onHand at or above reserved (property)', () => {
    const level = fc.tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 })).map(([reserved, spare]) => ({ onHand: reserved + spare, reserved }));
    fc.assert(
      fc.property(level, fc.integer({ min: -20_000, max: 20_000 }).filter((quantity) => quantity !== 0), (before, quantity) => {
        const accepted = (() => {
          try {
            checkStockAdjustment('SKU', before, quantity);
            return true;
          } catch (error) {
            expect(error).toBeInstanceOf(RuleViolationError);
            return false;
          }
        })();
        expect(accepted).toBe(before.onHand + quantity >= before.reserved);
        if (quantity > 0) expect(accepted).toBe(true);
      }),
    );
  });
});
