/**
 * Fault profiles of the local runtime (`npm start -- --faults <profile>`, docs/reliability.md):
 * each rate is the probability that one opportunity for that fault gets it. The faults are the
 * ones AWS really produces and the system must survive without losing or doubling anything.
 */
export interface FaultRates {
  /** A DynamoDB request answered ProvisionedThroughputExceededException before it reaches the table (the SDK retries it). */
  dynamoDbThrottle: number;
  /** A TransactWriteItems answered TransactionCanceledException (TransactionConflict) before it reaches the table. */
  transactionConflict: number;
  /** A function invocation that did its work, then crashed before answering (its caller sees an error). */
  crashAfterWork: number;
  /** A function invocation that did its work, then ran out of time before answering. */
  timeoutAfterWork: number;
  /** A state-machine task whose function the Lambda service failed to run (Lambda.ServiceException), before it ran. */
  taskServiceError: number;
  /** A PutEvents entry refused with InternalFailure (the caller must retry that entry). */
  putEventsEntryFailure: number;
  /** An event delivered twice to a rule's target (EventBridge delivers at least once). */
  duplicateDelivery: number;
  /** A charge the simulated payment gateway made, answered as a timeout (the caller must retry with the same key). */
  gatewayTimeoutAfterCharge: number;
}

export type FaultKind = keyof FaultRates;

export interface FaultProfile {
  name: string;
  rates: FaultRates;
}

const none: FaultRates = {
  dynamoDbThrottle: 0,
  transactionConflict: 0,
  crashAfterWork: 0,
  timeoutAfterWork: 0,
  taskServiceError: 0,
  putEventsEntryFailure: 0,
  duplicateDelivery: 0,
  gatewayTimeoutAfterCharge: 0,
};

/**
 * `default` is frequent enough that a few hundred orders meet every fault many times, rare enough
 * that the retries AWS and the system make (the SDK's three attempts, EventBridge's, a Retry in
 * the state machines) get through. `heavy` is for looking for trouble.
 */
export const faultProfiles: Readonly<Record<string, FaultProfile>> = {
  none: { name: 'none', rates: none },
  default: {
    name: 'default',
    rates: {
      dynamoDbThrottle: 0.02,
      transactionConflict: 0.02,
      crashAfterWork: 0.01,
      timeoutAfterWork: 0.005,
      taskServiceError: 0.02,
      putEventsEntryFailure: 0.02,
      duplicateDelivery: 0.02,
      gatewayTimeoutAfterCharge: 0.05,
    },
  },
  heavy: {
    name: 'heavy',
    rates: {
      dynamoDbThrottle: 0.1,
      transactionConflict: 0.1,
      crashAfterWork: 0.05,
      timeoutAfterWork: 0.02,
      taskServiceError: 0.1,
      putEventsEntryFailure: 0.1,
      duplicateDelivery: 0.1,
      gatewayTimeoutAfterCharge: 0.2,
    },
  },
};

/** The profile a `--faults` value names, or an error listing those there are. */
export function faultProfileNamed(name: string): FaultProfile {
  const profile = Object.hasOwn(faultProfiles, name) ? faultProfiles[name] : undefined;
  if (!profile) throw new Error(`--faults takes one of ${Object.keys(faultProfiles).join(', ')}, not ${JSON.stringify(name)}`);
  return profile;
}
