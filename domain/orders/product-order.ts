import type { TmfOrderPrice } from '../pricing/price-quote.js';

/**
 * TMF622 ProductOrder as stored and served (docs/orders.md). An order is captured
 * `acknowledged`, claimed by the order-to-cash saga (`inProgress`) and ends in one of the final
 * states; each item follows its own TMF622 item state.
 *
 *   acknowledged ──► inProgress ──► completed | partial | failed
 *        │               │
 *        └───────────────┴──► pendingCancellation ──► cancelled      (only before provisioning)
 */
export const productOrderPath = '/tmf-api/productOrderingManagement/v4/productOrder';

export const orderStates = ['acknowledged', 'inProgress', 'pendingCancellation', 'cancelled', 'completed', 'partial', 'failed'] as const;
export type OrderState = (typeof orderStates)[number];
const finalOrderStates: readonly OrderState[] = ['cancelled', 'completed', 'partial', 'failed'];
export const isFinalOrderState = (state: OrderState): boolean => finalOrderStates.includes(state);

export type OrderItemState = 'acknowledged' | 'inProgress' | 'pendingCancellation' | 'cancelled' | 'completed' | 'failed';
export type OrderItemAction = 'add' | 'modify' | 'delete';

export interface OrderRef {
  id: string;
  href: string;
  name?: string;
  '@referredType': string;
}

export interface OrderCharacteristic {
  name: string;
  value: string | number | boolean;
  valueType?: string;
}

export interface ProductOrderItem {
  id: string;
  '@type': 'ProductOrderItem';
  action: OrderItemAction;
  quantity: number;
  state: OrderItemState;
  productOffering?: OrderRef;
  /** The product the item adds (its future id), changes or disconnects, with the chosen characteristics. */
  product: {
    id: string;
    href: string;
    '@type': 'ProductRefOrValue';
    productCharacteristic?: OrderCharacteristic[];
  };
  /** Chosen bundle components, as TMF622 nests them. */
  productOrderItem?: { id: string; '@type': 'ProductOrderItem'; action: 'add'; quantity: number; state: OrderItemState; productOffering: OrderRef }[];
  itemPrice: TmfOrderPrice[];
  itemTotalPrice: TmfOrderPrice[];
  /** Extension: why the item failed (provisioning's reason). */
  stateReason?: string;
}

export interface ProductOrderNote {
  id?: string;
  author?: string;
  date?: string;
  text: string;
}

export interface ProductOrder {
  id: string;
  href: string;
  '@type': 'ProductOrder';
  state: OrderState;
  orderDate: string;
  /** Extension: the last change of the order. */
  lastUpdate: string;
  requestedStartDate?: string;
  requestedCompletionDate?: string;
  expectedCompletionDate?: string;
  completionDate?: string;
  cancellationDate?: string;
  cancellationReason?: string;
  description?: string;
  externalId?: string;
  priority?: string;
  category?: string;
  channel?: { id: string; name?: string }[];
  note?: ProductOrderNote[];
  billingAccount: OrderRef;
  relatedParty: (OrderRef & { role: string })[];
  productOrderItem: ProductOrderItem[];
  orderTotalPrice: TmfOrderPrice[];
  /** Extension: why the order failed, ended partial or was cancelled, in words a customer can read. */
  stateReason?: string;
}

export const orderCustomerId = (order: Pick<ProductOrder, 'relatedParty'>): string =>
  order.relatedParty.find((party) => party.role === 'Customer')?.id ?? '';
