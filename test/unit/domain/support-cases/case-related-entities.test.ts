import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { relatedEntityKey, resolveRelatedEntities, type FoundEntity } from '../../../../domain/support-cases/case-related-entities.js';

const found = new Map<string, FoundEntity>([
  [relatedEntityKey('CustomerBill', 'bill-1'), { ownerCustomerId: 'cust-1', name: 'INV-2027-0000001' }],
  [relatedEntityKey('Product', 'prod-1'), { ownerCustomerId: 'cust-1', name: 'Mobile M' }],
  [relatedEntityKey('CustomerBill', 'bill-9'), { ownerCustomerId: 'cust-9', name: 'INV-2027-0000009' }],
]);

function refusal(attempt: () => unknown): InvalidInputError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe("a case's related entities", () => {
  it("are the customer's own products and bills, with their canonical href, their name and a role", () => {
    expect(
      resolveRelatedEntities(
        [
          { id: 'bill-1', '@referredType': 'CustomerBill', href: 'whatever', name: 'mine' },
          { id: 'prod-1', '@referredType': 'Product', role: 'broken' },
        ],
        found,
        'cust-1',
      ),
    ).toEqual([
      { id: 'bill-1', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-1', name: 'INV-2027-0000001', role: 'subject', '@referredType': 'CustomerBill' },
      { id: 'prod-1', href: '/tmf-api/productInventory/v4/product/prod-1', name: 'Mobile M', role: 'broken', '@referredType': 'Product' },
    ]);
  });

  it("refuse another customer's bill in exactly the words of one that does not exist", () => {
    const foreign = refusal(() => resolveRelatedEntities([{ id: 'bill-9', '@referredType': 'CustomerBill' }], found, 'cust-1'));
    const unknown = refusal(() => resolveRelatedEntities([{ id: 'bill-9', '@referredType': 'CustomerBill' }], new Map(), 'cust-1'));
    expect(foreign.problems).toEqual([{ field: 'relatedEntity[0].id', problem: 'the customer has no CustomerBill bill-9' }]);
    expect(unknown.problems).toEqual(foreign.problems);
    // A bill id named as a product is not that bill.
    expect(refusal(() => resolveRelatedEntities([{ id: 'bill-1', '@referredType': 'Product' }], found, 'cust-1')).problems[0]!.field).toBe('relatedEntity[0].id');
  });

  it('refuse the same entity twice, naming every problem at once', () => {
    const error = refusal(() =>
      resolveRelatedEntities(
        [
          { id: 'bill-1', '@referredType': 'CustomerBill' },
          { id: 'bill-1', '@referredType': 'CustomerBill' },
          { id: 'nope', '@referredType': 'Product' },
        ],
        found,
        'cust-1',
      ),
    );
    expect(error.problems.map((problem) => problem.field)).toEqual(['relatedEntity[1]', 'relatedEntity[2].id']);
  });
});
