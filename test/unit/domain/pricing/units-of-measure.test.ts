import { describe, expect, it } from 'vitest';
import { areConvertibleUnits, convertibleUnits, isKnownUnitOfMeasure, unitScale, unitsOfMeasure } from '../../../../domain/pricing/units-of-measure.js';

describe('units of measure', () => {
  it('knows the documented units and nothing else', () => {
    expect([...unitsOfMeasure]).toEqual(['GB', 'MB', 'KB', 'minute', 'second', 'SMS', 'MMS', 'call', 'event', 'unit']);
    expect(isKnownUnitOfMeasure('GiB')).toBe(false);
    expect(isKnownUnitOfMeasure('gb')).toBe(false);
    expect(isKnownUnitOfMeasure('toString')).toBe(false);
  });

  it('converts decimal data units and time units by exact factors: 1 GB = 1000 MB = 10⁶ KB, 1 minute = 60 s', () => {
    expect(unitScale('GB')!.baseUnits / unitScale('MB')!.baseUnits).toBe(1000n);
    expect(unitScale('MB')!.baseUnits / unitScale('KB')!.baseUnits).toBe(1000n);
    expect(unitScale('minute')!.baseUnits / unitScale('second')!.baseUnits).toBe(60n);
    expect(convertibleUnits('GB')).toEqual(new Map([['GB', 1_000_000n], ['MB', 1_000n], ['KB', 1n]]));
  });

  it('never converts across dimensions, nor between counted things', () => {
    expect(areConvertibleUnits('GB', 'second')).toBe(false);
    expect(areConvertibleUnits('SMS', 'MMS')).toBe(false);
    expect(areConvertibleUnits('call', 'event')).toBe(false);
    expect(areConvertibleUnits('SMS', 'SMS')).toBe(true);
    expect(areConvertibleUnits('KB', 'GB')).toBe(true);
    expect(areConvertibleUnits('EUR', 'EUR')).toBe(false);
  });
});
