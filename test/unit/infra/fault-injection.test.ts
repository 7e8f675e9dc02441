import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../infra/local/faults/fault-injector.js';
import { faultProfileNamed, faultProfiles, type FaultProfile } from '../../../infra/local/faults/fault-profile.js';
import { FunctionCrashedError, FunctionRuntime, FunctionTimeoutError } from '../../../infra/local/function-runtime.js';
import { repositoryRoot } from '../../../infra/local/local-paths.js';

const only = (rates: Partial<FaultProfile['rates']>): FaultProfile => ({ name: 'test', rates: { ...faultProfiles.none!.rates, ...rates } });

describe('fault profiles and the injector', () => {
  it('names the profiles there are when asked for another, including names of Object members', () => {
    expect(faultProfileNamed('default').name).toBe('default');
    for (const name of ['nope', 'constructor', '__proto__']) expect(() => faultProfileNamed(name)).toThrow('--faults takes one of none, default, heavy');
  });

  it('gives every profile a rate from 0 to 1 for every kind of fault', () => {
    const kinds = Object.keys(faultProfiles.none!.rates).sort();
    for (const profile of Object.values(faultProfiles)) {
      expect(Object.keys(profile.rates).sort()).toEqual(kinds);
      for (const rate of Object.values(profile.rates)) expect(rate >= 0 && rate <= 1).toBe(true);
    }
  });

  it('strikes at the rate its random source gives, and counts what struck', () => {
    const draws = [0.01, 0.5, 0.03, 0.019];
    const injector = new FaultInjector(only({ dynamoDbThrottle: 0.02 }), () => draws.shift()!);
    expect([1, 2, 3, 4].map(() => injector.strikes('dynamoDbThrottle'))).toEqual([true, false, false, true]);
    expect(injector.strikes('duplicateDelivery')).toBe(false);
    expect(injector.counts()).toMatchObject({ dynamoDbThrottle: 2, duplicateDelivery: 0 });
  });
});

describe('the function runtime under faults', () => {
  const invokeHealth = (rates: Partial<FaultProfile['rates']>) => new FunctionRuntime(repositoryRoot, 'us-east-1', '000000000000', new FaultInjector(only(rates))).invoke('health', {});

  it('crashes a function after its work, as a runtime that exited', async () => {
    await expect(invokeHealth({ crashAfterWork: 1 })).rejects.toBeInstanceOf(FunctionCrashedError);
  });

  it('times a function out after its work', async () => {
    await expect(invokeHealth({ timeoutAfterWork: 1 })).rejects.toBeInstanceOf(FunctionTimeoutError);
  });

  it('answers as usual when no fault strikes', async () => {
    await expect(invokeHealth({})).resolves.toMatchObject({ roundTrips: 0 });
  });
});
