import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { QueuedDeadLetter } from './eventbridge-service.js';

/**
 * The SQS event a Lambda event source mapping hands a function for one message of a queue: how
 * the local runtime delivers a dead letter the bus sends to a queue that a function consumes
 * (the hub's, docs/events.md "Hub subscriptions"), as the queue and its event source would on AWS.
 */
export function sqsEventOf(queueArn: string, message: QueuedDeadLetter): SQSEvent {
  const region = queueArn.split(':')[3] ?? '';
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body: message.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'events.amazonaws.com',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([name, value]) => [name, { stringValue: value, dataType: 'String', stringListValues: [], binaryListValues: [] }]),
        ),
        md5OfBody: createHash('md5').update(message.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: region,
      },
    ],
  };
}
