import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { AwsServiceError } from '../../infra/local/aws-json-protocol.js';
import type { LocalEventBridgeService } from '../../infra/local/eventbridge-service.js';

const commands = {
  PutEvents: PutEventsCommand,
  CreateConnection: CreateConnectionCommand,
  DeleteConnection: DeleteConnectionCommand,
  CreateApiDestination: CreateApiDestinationCommand,
  DeleteApiDestination: DeleteApiDestinationCommand,
  PutRule: PutRuleCommand,
  PutTargets: PutTargetsCommand,
  RemoveTargets: RemoveTargetsCommand,
  DeleteRule: DeleteRuleCommand,
} as const;

/**
 * Handler tests' EventBridge: the SDK client mocked (aws-sdk-client-mock), each call answered by
 * the local runtime's bus, so the hub's handlers make real connections, API destinations and
 * rules, and deliveries reach a listener in the test as EventBridge would send them. An error of
 * the bus is thrown as the SDK throws a service error: named by its code.
 */
export function eventBridgeBackedBy(bus: LocalEventBridgeService): AwsClientStub<EventBridgeClient> {
  const stub = mockClient(EventBridgeClient);
  answerWithBus(stub, bus);
  return stub;
}

/** (Again) answers every call with the bus, after a test made one call answer otherwise. */
export function answerWithBus(stub: AwsClientStub<EventBridgeClient>, bus: LocalEventBridgeService): void {
  for (const [operation, command] of Object.entries(commands)) {
    stub.on(command as never).callsFake((input: Record<string, unknown>) => {
      try {
        // As the wire would carry them: PutEvents' Time and the like become JSON.
        return bus.handle(operation, JSON.parse(JSON.stringify(input)) as Record<string, unknown>);
      } catch (error) {
        if (error instanceof AwsServiceError) throw Object.assign(new Error(error.message), { name: error.code });
        throw error;
      }
    });
  }
}
