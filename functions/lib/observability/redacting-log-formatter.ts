import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Personal data stays out of the logs (docs/security.md, "Logs"): attributes under these names
 * are replaced whatever their value, and an e-mail address anywhere in a string (a message, an
 * error's, a rejected request's) is masked. Logs are read by operators and kept for months; the
 * data they would leak is the customer's.
 */
export const redactedAttributeNames: ReadonlySet<string> = new Set([
  'email',
  'emailAddress',
  'score',
  'creditScore',
  'phoneNumber',
  'paymentMethodToken',
  'street1',
  'street2',
  'postCode',
  'birthDate',
]);
// No slash on either side: a path into a scoped package (`node_modules/@middy/core/index.js`, in a stack) is not an address.
const emailAddress = /[^\s@"'<>(),;:/]+@[^\s@"'<>(),;:/]+\.[A-Za-z]{2,}/g;

/**
 * `value` with personal data replaced. An error becomes what `formatError` makes of it first: its
 * name, message, location and stack are not own enumerable properties, and read as entries an
 * error was `{}` in the log line of the 5xx it caused.
 */
export function redacted(value: unknown, formatError: (error: Error) => unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(emailAddress, '[email]');
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return redacted(formatError(value), formatError, depth + 1);
  if (Array.isArray(value)) return value.map((element) => redacted(element, formatError, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, attribute]) => [name, redactedAttributeNames.has(name) ? '[redacted]' : redacted(attribute, formatError, depth + 1)]),
  );
}

/** Powertools' standard keys, with everything else (and the message) redacted. */
export class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const formatError = (error: Error) => this.formatError(error);
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: redacted(attributes.message, formatError),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_arn: attributes.lambdaContext?.invokedFunctionArn,
        function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redacted(additionalLogAttributes, formatError) as LogAttributes);
  }
}
