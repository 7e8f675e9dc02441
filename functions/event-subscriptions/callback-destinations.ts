import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { signatureHeader } from '../../domain/event-subscriptions/event-signature.js';
import {
  deliveredBodyPath,
  deliveredSignaturePath,
  hubDeliveryPattern,
  hubResourceNameOf,
  parseHubRetryPolicy,
  subscriptionHeader,
} from '../../domain/event-subscriptions/hub-delivery.js';
import { hubSetting } from './hub-settings.js';

/**
 * Each hub subscription's way to its callback (docs/events.md, "Hub subscriptions"): an
 * EventBridge connection (its API key header names the subscription), an API destination (the
 * callback, POST), and a rule on the hub's bus that sends the subscription's signed deliveries
 * to it with the signature as a header, retried with back-off and dead-lettered into the hub's
 * queue. All three are named after the subscription under the deployment's prefix
 * (BSS_HUB_RESOURCE_PREFIX), which is all the functions' permissions allow. Locally the runtime's
 * bus answers the same calls and sends the same requests (infra/local/api-destinations.ts).
 */
const eventBridge = new EventBridgeClient({});

/** The one target of a subscription's rule. */
const targetId = 'callback';
/** Requests per second EventBridge sends one callback at most; more wait their turn (and count toward the retry policy). */
const invocationRateLimitPerSecond = 10;

const resourceNameOf = (subscriptionId: string) => hubResourceNameOf(hubSetting('BSS_HUB_RESOURCE_PREFIX'), subscriptionId);

/**
 * Creates the subscription's connection, API destination and rule. Whatever step fails, what was
 * created before it is removed again before the error is thrown: no half-made subscription is
 * left to deliver, or to hold its name.
 */
export async function openCallbackDestination(subscriptionId: string, callback: string): Promise<void> {
  const name = resourceNameOf(subscriptionId);
  const busName = hubSetting('BSS_HUB_EVENT_BUS_NAME');
  const retryPolicy = parseHubRetryPolicy(process.env.BSS_HUB_MAX_RETRY_ATTEMPTS, process.env.BSS_HUB_MAX_EVENT_AGE_SECONDS);
  try {
    const { ConnectionArn } = await eventBridge.send(
      new CreateConnectionCommand({
        Name: name,
        Description: `Hub subscription ${subscriptionId}`,
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: subscriptionHeader, ApiKeyValue: subscriptionId } },
      }),
    );
    const { ApiDestinationArn } = await eventBridge.send(
      new CreateApiDestinationCommand({
        Name: name,
        Description: `Callback of hub subscription ${subscriptionId}`,
        ConnectionArn,
        InvocationEndpoint: callback,
        HttpMethod: 'POST',
        InvocationRateLimitPerSecond: invocationRateLimitPerSecond,
      }),
    );
    await eventBridge.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: busName,
        Description: `Signed deliveries of hub subscription ${subscriptionId} to its callback`,
        EventPattern: JSON.stringify(hubDeliveryPattern(subscriptionId)),
        State: 'ENABLED',
      }),
    );
    const { FailedEntryCount, FailedEntries } = await eventBridge.send(
      new PutTargetsCommand({
        Rule: name,
        EventBusName: busName,
        Targets: [
          {
            Id: targetId,
            Arn: ApiDestinationArn,
            RoleArn: hubSetting('BSS_HUB_INVOKE_ROLE_ARN'),
            InputPath: deliveredBodyPath,
            HttpParameters: { HeaderParameters: { [signatureHeader]: deliveredSignaturePath } },
            RetryPolicy: { MaximumRetryAttempts: retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: retryPolicy.maximumEventAgeSeconds },
            DeadLetterConfig: { Arn: hubSetting('BSS_HUB_DEAD_LETTER_QUEUE_ARN') },
          },
        ],
      }),
    );
    if (FailedEntryCount) throw new Error(`the rule ${name} refused its target: ${FailedEntries?.[0]?.ErrorCode} ${FailedEntries?.[0]?.ErrorMessage}`);
  } catch (error) {
    await closeCallbackDestination(subscriptionId).catch((cleanupError: unknown) => {
      throw new AggregateError([error, cleanupError], `opening the callback destination ${name} failed, and so did removing what was made of it: remove the connection, API destination and rule named ${name}`);
    });
    throw error;
  }
}

/**
 * Removes the subscription's rule (its target first), API destination and connection; what is
 * already gone is skipped, so closing again after a failure finishes the job.
 */
export async function closeCallbackDestination(subscriptionId: string): Promise<void> {
  const name = resourceNameOf(subscriptionId);
  const busName = hubSetting('BSS_HUB_EVENT_BUS_NAME');
  await unlessGone(eventBridge.send(new RemoveTargetsCommand({ Rule: name, EventBusName: busName, Ids: [targetId] })));
  await unlessGone(eventBridge.send(new DeleteRuleCommand({ Name: name, EventBusName: busName })));
  await unlessGone(eventBridge.send(new DeleteApiDestinationCommand({ Name: name })));
  await unlessGone(eventBridge.send(new DeleteConnectionCommand({ Name: name })));
}

async function unlessGone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    // Told by name, as store-errors.ts does: the SDK sets it to the service's error code.
    if ((error as Error | undefined)?.name !== 'ResourceNotFoundException') throw error;
  }
}
