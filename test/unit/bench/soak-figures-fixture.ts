import type { SoakFigures } from '../../../bench/report.js';
import type { SoakPassFigures } from '../../../bench/soak.js';

/** A soak pass that met every target; tests change what they judge. */
export function soakPass(overrides: Partial<SoakPassFigures> = {}): SoakPassFigures {
  return {
    faultProfile: 'none',
    seconds: 30,
    clients: 2,
    warmUpSeconds: 5,
    requests: 100,
    requestsPerSecond: 4,
    errors: 0,
    retriedThenSucceeded: 0,
    byRouteClass: [],
    errorSamples: [],
    made: { customers: 1, orders: 1, usageRecords: 50 },
    population: { customers: 4, activeProducts: 4, setupOrdersNotCompleted: {} },
    memory: {
      samples: 30,
      sampleEverySeconds: 1,
      warmUpSeconds: 5,
      windowSeconds: 5,
      heapMeasuredBy: 'forced GC',
      heapUsedMb: { afterWarmUp: 100, end: 110, growth: 10, allowedGrowth: 50, trendPerMinute: 1, floors: { afterWarmUp: 105, end: 112 } },
      rssMb: { atStart: 300, afterWarmUp: 320, end: 330, trendPerMinute: 2 },
      dynamoDbLocalRssMb: { atStart: 400, afterWarmUp: 410, end: 420 },
      afterDrainMb: null,
      flat: true,
    },
    cpuSeconds: { node: 10, dynamoDbLocal: 10 },
    faultsInjected: null,
    endChecks: { drainSeconds: 1, ordersByState: { completed: 1 }, ordersNotEnded: 0, eventDeadLetters: 0, outboxFailedRecords: 0, outboxDrained: true, problems: [], hold: true },
    provisioningDelaySeconds: 0,
    handlerLogLines: 0,
    ...overrides,
  };
}

export function passingSoak(): SoakFigures {
  return { clean: soakPass(), faulted: soakPass({ faultProfile: 'default', faultsInjected: { crashAfterWork: 3 } }) };
}
