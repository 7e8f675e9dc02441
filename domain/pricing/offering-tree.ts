import { isOnSale } from '../catalog/catalog-lifecycle.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import type { CartItem } from './cart.js';
import { componentsOf, type BundledOfferingOption, type CatalogSnapshot, type PricedOffering } from './catalog-snapshot.js';

/**
 * A cart item as the tree of offerings it sells: the item's offering and, for a bundle, its
 * components (nested bundles included) in the quantities chosen or defaulted, within the
 * bundle's cardinalities.
 */
export interface OfferingNode {
  offering: PricedOffering;
  /** The cart item's id, then `.n` per level for the n-th component included. */
  itemId: string;
  /** Units sold: the item's quantity times the component's quantity in every bundle above it. */
  quantity: bigint;
  components: OfferingNode[];
}

export interface OfferingTreeOptions {
  /** Epoch milliseconds. */
  at: number;
  /**
   * Whether the offerings must be orderable now. Re-pricing an existing product (its prices
   * pinned) does not sell it again, so a since-retired offering still prices.
   */
  newSale: boolean;
}

export function offeringTree(item: CartItem, index: number, catalog: CatalogSnapshot, options: OfferingTreeOptions): OfferingNode {
  const field = `item[${index}]`;
  const offering = catalog.offerings.get(item.productOffering.id);
  if (!offering) {
    throw new InvalidInputError(`no product offering ${item.productOffering.id}`, [
      { field: `${field}.productOffering.id`, problem: 'no such product offering' },
    ]);
  }
  if (options.newSale) checkOrderable(offering, options.at, { mustBeSellable: true });
  const chosen = chosenComponents(item, index, offering);
  const build = (node: PricedOffering, itemId: string, quantity: bigint, path: readonly string[], choice?: Map<string, ChosenComponent>): OfferingNode => {
    const components: OfferingNode[] = [];
    for (const component of componentsOf(node)) {
      const picked = choice?.get(component.id);
      const perBundle = picked?.quantity ?? defaultQuantity(component.bundledProductOfferingOption);
      checkCardinality(node, component, perBundle, picked ? `${field}.bundledItem[${picked.index}].quantity` : `${field}.bundledItem`);
      if (perBundle === 0) continue;
      if (path.includes(component.id)) {
        throw new RuleViolationError('bundle-cycle', `bundle ${node.name} (${node.id}) contains ${component.id}, which contains it: the catalog has a cycle`);
      }
      const child = catalog.offerings.get(component.id);
      if (!child) {
        throw new RuleViolationError('offering-not-orderable', `component ${component.name ?? component.id} (${component.id}) of bundle ${node.name} is not in the catalog`);
      }
      if (options.newSale) checkOrderable(child, options.at, { mustBeSellable: false });
      components.push(build(child, `${itemId}.${components.length + 1}`, quantity * BigInt(perBundle), [...path, child.id]));
    }
    return { offering: node, itemId, quantity, components };
  };
  return build(offering, item.id, BigInt(item.quantity), [offering.id], chosen);
}

interface ChosenComponent {
  quantity: number;
  index: number;
}

function chosenComponents(item: CartItem, index: number, offering: PricedOffering): Map<string, ChosenComponent> | undefined {
  if (item.bundledItem === undefined) return undefined;
  const field = `item[${index}].bundledItem`;
  const components = new Set(componentsOf(offering).map((component) => component.id));
  if (components.size === 0) {
    throw new InvalidInputError(`${offering.name} is not a bundle`, [{ field, problem: `${offering.name} (${offering.id}) has no components to choose` }]);
  }
  const chosen = new Map<string, ChosenComponent>();
  const problems: { field: string; problem: string }[] = [];
  item.bundledItem.forEach((bundled, position) => {
    const id = bundled.productOffering.id;
    if (!components.has(id)) problems.push({ field: `${field}[${position}].productOffering.id`, problem: `not a component of ${offering.name}` });
    else if (chosen.has(id)) problems.push({ field: `${field}[${position}].productOffering.id`, problem: 'this component is already chosen' });
    else chosen.set(id, { quantity: bundled.quantity, index: position });
  });
  if (problems.length > 0) throw new InvalidInputError('the bundle choice does not fit the bundle', problems);
  return chosen;
}

function defaultQuantity(option: BundledOfferingOption | undefined): number {
  if (!option) return 1;
  return option.numberRelOfferDefault ?? option.numberRelOfferLowerLimit ?? 1;
}

function checkCardinality(bundle: PricedOffering, component: { id: string; name?: string | undefined; bundledProductOfferingOption?: BundledOfferingOption | undefined }, quantity: number, field: string): void {
  const lower = component.bundledProductOfferingOption?.numberRelOfferLowerLimit ?? 0;
  const upper = component.bundledProductOfferingOption?.numberRelOfferUpperLimit ?? Number.POSITIVE_INFINITY;
  if (quantity >= lower && quantity <= upper) return;
  const name = component.name ?? component.id;
  const range = upper === Number.POSITIVE_INFINITY ? `at least ${lower}` : `${lower} to ${upper}`;
  throw new InvalidInputError(`${bundle.name} takes ${range} of ${name}`, [{ field, problem: `${name} (${component.id}): ${quantity}, allowed ${range}` }]);
}

/** On sale, within its validity and, unless it is a bundle component, sellable on its own. */
export function checkOrderable(offering: PricedOffering, at: number, { mustBeSellable }: { mustBeSellable: boolean }): void {
  const name = `${offering.name} (${offering.id})`;
  if (!isOnSale(offering.lifecycleStatus)) {
    throw new RuleViolationError('offering-not-orderable', `${name} is ${offering.lifecycleStatus}, not on sale`);
  }
  if (mustBeSellable && offering.isSellable === false) {
    throw new RuleViolationError('offering-not-orderable', `${name} is sold only within a bundle`);
  }
  const start = offering.validFor?.startDateTime;
  const end = offering.validFor?.endDateTime;
  if ((start !== undefined && Date.parse(start) > at) || (end !== undefined && Date.parse(end) <= at)) {
    throw new RuleViolationError('offering-not-orderable', `${name} is not on sale at ${new Date(at).toISOString()} (valid ${start ?? '…'} to ${end ?? '…'})`);
  }
}
