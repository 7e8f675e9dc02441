/**
 * The units usage is counted in (docs/pricing.md). Units of one dimension convert into each
 * other by an exact integer factor over the dimension's smallest unit, so converting usage
 * into the smallest unit never loses a digit: the rating engine counts in those base units.
 */
export const unitsOfMeasure = ['GB', 'MB', 'KB', 'minute', 'second', 'SMS', 'MMS', 'call', 'event', 'unit'] as const;
export type UnitOfMeasure = (typeof unitsOfMeasure)[number];

export interface UnitScale {
  /** Units of the same dimension convert into each other; others never do. */
  dimension: string;
  /** How many base units (the dimension's smallest unit) one of this unit is. */
  baseUnits: bigint;
}

// Decimal data units (1 GB = 1000 MB = 10⁶ KB), as operators bill them, not binary ones.
const scales: Record<UnitOfMeasure, UnitScale> = {
  GB: { dimension: 'data', baseUnits: 1_000_000n },
  MB: { dimension: 'data', baseUnits: 1_000n },
  KB: { dimension: 'data', baseUnits: 1n },
  minute: { dimension: 'time', baseUnits: 60n },
  second: { dimension: 'time', baseUnits: 1n },
  SMS: { dimension: 'SMS', baseUnits: 1n },
  MMS: { dimension: 'MMS', baseUnits: 1n },
  call: { dimension: 'call', baseUnits: 1n },
  event: { dimension: 'event', baseUnits: 1n },
  unit: { dimension: 'unit', baseUnits: 1n },
};

export function isKnownUnitOfMeasure(units: string): units is UnitOfMeasure {
  return Object.hasOwn(scales, units);
}

export function unitScale(units: string): UnitScale | undefined {
  return isKnownUnitOfMeasure(units) ? scales[units] : undefined;
}

export function areConvertibleUnits(from: string, to: string): boolean {
  const a = unitScale(from);
  const b = unitScale(to);
  return a !== undefined && b !== undefined && a.dimension === b.dimension;
}

/** The known units that convert into `units` (itself included), with their base-unit factors. */
export function convertibleUnits(units: string): ReadonlyMap<string, bigint> {
  return (isKnownUnitOfMeasure(units) ? convertibleByUnit.get(units) : undefined) ?? noUnits;
}

// Built once: rating asks for every usage record whether its unit counts against each price.
const noUnits: ReadonlyMap<string, bigint> = new Map();
const convertibleByUnit: ReadonlyMap<string, ReadonlyMap<string, bigint>> = new Map(
  unitsOfMeasure.map((units) => [
    units,
    new Map(unitsOfMeasure.filter((name) => scales[name].dimension === scales[units].dimension).map((name) => [name, scales[name].baseUnits])),
  ]),
);
