import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SupportCaseOpened, SupportCaseStatusChanged } from '../../domain/events/support-case-events.js';
import { caseOpenedMessage, caseStatusMessage, type CaseMessage } from '../../domain/support-cases/case-messages.js';
import { notifyCustomer } from '../lib/communication/notify-customer.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { findCustomer } from '../lib/store/customer-store.js';

interface CaseNotice {
  eventId: string;
  correlationId: string;
  supportCase: { id: string; customerId: string; customerName: string; name?: string | undefined; relatedEntity: { id: string; '@referredType': string }[] };
  message: CaseMessage;
  /** The instant of the fact: the customer's, from its test clock when it lives on one. */
  at: string;
}

/**
 * Rule `support-case-changes-tell-the-customer`: a case opened, and every status change of it,
 * is an e-mail to its customer through the notification port (an SMS, or nothing, when the
 * customer's communication preferences say so), dated at the change (the customer's instant),
 * once per event however often it is delivered. The message names the bill the case is about,
 * when there is one.
 */
export const handler = middy(async (event: { 'detail-type': string; detail: unknown }): Promise<{ messageId?: string }> => {
  const notice = noticeOf(event);
  logger.appendKeys({ supportCaseId: notice.supportCase.id, correlationId: notice.correlationId });
  const customer = await findCustomer(notice.supportCase.customerId);
  if (!customer) throw new Error(`invariant broken: support case ${notice.supportCase.id} belongs to customer ${notice.supportCase.customerId}, who does not exist`);
  const bill = notice.supportCase.relatedEntity.find((entity) => entity['@referredType'] === 'CustomerBill');
  const outcome = await notifyCustomer(
    simulatedNotificationSender,
    {
      customer: customer.customer,
      kind: notice.message.kind,
      subject: notice.message.subject,
      content: notice.message.content,
      ...(bill !== undefined ? { billId: bill.id } : {}),
      sentAt: notice.at,
    },
    { idempotencyKey: `support-case-${notice.eventId}` },
  );
  return outcome.sent ? { messageId: outcome.messageId } : {};
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

function noticeOf(event: { 'detail-type': string; detail: unknown }): CaseNotice {
  if (event['detail-type'] === SupportCaseOpened.detailType) {
    const { data, metadata } = SupportCaseOpened.parseDetail(event.detail);
    return { eventId: metadata.eventId, correlationId: metadata.correlationId, supportCase: data.supportCase, message: caseOpenedMessage(aboutOf(data.supportCase)), at: data.supportCase.creationDate };
  }
  const { data, metadata } = SupportCaseStatusChanged.parseDetail(event.detail);
  return { eventId: metadata.eventId, correlationId: metadata.correlationId, supportCase: data.supportCase, message: caseStatusMessage(aboutOf(data.supportCase), data), at: data.changedAt };
}

const aboutOf = (supportCase: { id: string; name?: string | undefined; customerName: string }) => ({ id: supportCase.id, name: supportCase.name, customerName: supportCase.customerName });
