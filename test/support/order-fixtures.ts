import type { OrderFulfilment } from '../../domain/orders/order-fulfilment.js';
import { productOrderPath, type ProductOrder, type ProductOrderItem } from '../../domain/orders/product-order.js';

/** A captured order as order-capture builds it and product-order-store keeps it, for lifecycle and handler tests. */
export function orderItemResource(overrides: Partial<ProductOrderItem> = {}): ProductOrderItem {
  const id = overrides.id ?? '1';
  return {
    id,
    '@type': 'ProductOrderItem',
    action: 'add',
    quantity: 1,
    state: 'acknowledged',
    productOffering: { id: 'po-mobile-m', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-mobile-m', name: 'Mobile M', '@referredType': 'ProductOffering' },
    product: { id: `order-1-${id}`, href: `/tmf-api/productInventory/v4/product/order-1-${id}`, '@type': 'ProductRefOrValue' },
    itemPrice: [],
    itemTotalPrice: [],
    ...overrides,
  };
}

export function productOrderResource(overrides: Partial<ProductOrder> = {}): ProductOrder {
  const id = overrides.id ?? 'order-1';
  return {
    id,
    href: `${productOrderPath}/${id}`,
    '@type': 'ProductOrder',
    state: 'acknowledged',
    orderDate: '2026-02-01T10:00:00.000Z',
    lastUpdate: '2026-02-01T10:00:00.000Z',
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Ada Lovelace - default', '@referredType': 'BillingAccount' },
    relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada Lovelace', role: 'Customer', '@referredType': 'Customer' }],
    productOrderItem: [orderItemResource({ id: '1' }), orderItemResource({ id: '2' })],
    orderTotalPrice: [],
    ...overrides,
  };
}

export function orderFulfilmentOf(order: ProductOrder): OrderFulfilment {
  return {
    customerId: 'cust-1',
    billingAccountId: order.billingAccount.id,
    currency: 'EUR',
    upfront: { currency: 'EUR', minor: '0' },
    recurringMonthly: { currency: 'EUR', minor: '0' },
    items: order.productOrderItem.map((item) => ({
      itemId: item.id,
      action: item.action,
      productId: item.product.id,
      quantity: item.quantity,
      characteristics: [],
      upfront: { currency: 'EUR', minor: '0' },
      recurringMonthly: { currency: 'EUR', minor: '0' },
      prices: [],
    })),
  };
}
