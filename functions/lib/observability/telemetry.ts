// Every function that logs loads this module, so its bundle maps its own stack traces (see the module).
import './source-mapped-stack-traces.js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricUnit } from '@aws-lambda-powertools/metrics/types';
import type { MiddlewareObj } from '@middy/core';
import { RedactingLogFormatter } from './redacting-log-formatter.js';

/**
 * One logger and one metrics emitter per function instance. The correlation id travels from
 * the HTTP request (x-correlation-id, else the API Gateway request id) into every event's
 * metadata and from there into each consumer's logs. Personal data is redacted from every line
 * (redacting-log-formatter.ts).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bss', logFormatter: new RedactingLogFormatter() });

let businessMetrics: Metrics | undefined;

/**
 * Business metrics, the emitter made with the first metric recorded: most requests record none
 * (every read), and making it is about 0.7 ms of a cold start here (npm run bench -- --only=init).
 */
export const metrics = {
  addMetric(name: string, unit: MetricUnit, value: number): void {
    businessMetrics ??= new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Bss',
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bss',
    });
    businessMetrics.addMetric(name, unit, value);
  },
};

/** Flushes business metrics when a use case recorded any (Powertools warns on empty flushes). */
export const publishMetrics: MiddlewareObj = {
  after: async () => {
    if (businessMetrics?.hasStoredMetrics()) businessMetrics.publishStoredMetrics();
  },
  onError: async () => {
    if (businessMetrics?.hasStoredMetrics()) businessMetrics.publishStoredMetrics();
  },
};

