import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import { relatedPartySchema } from '../shared/tmf-types.js';
import * as z from '../shared/zod.js';
import { type CaseActor, type CaseStatus, type TroubleTicketStatus } from './case-lifecycle.js';
import { addCaseNotes, noteInputSchema, type CaseNote } from './case-notes.js';
import { relatedEntityInputSchema, type CaseRelatedEntity } from './case-related-entities.js';

/**
 * A support case: TMF621 TroubleTicket (docs/support-cases.md). A customer opens one about its
 * products or bills, the agents work it, both sides add notes; each status change is an event
 * and a message to the customer. Every instant on a case is its customer's (test clock or system).
 */
export const troubleTicketPath = '/tmf-api/troubleTicket/v4/troubleTicket';
const customerPath = '/tmf-api/customerManagement/v4/customer';

/** TMF621 names them by example ("incident, complain, request"): what kind of help is asked. */
export const ticketTypes = ['incident', 'complaint', 'request'] as const;
export type TicketType = (typeof ticketTypes)[number];
/** TMF621's examples: how much the trouble hurts, as the customer sees it. */
export const severities = ['Critical', 'Major', 'Minor'] as const;
export type Severity = (typeof severities)[number];
/** TMF621's examples: how soon the agents take it on, which is theirs to decide. */
export const priorities = ['Critical', 'High', 'Medium', 'Low'] as const;
export type Priority = (typeof priorities)[number];

/** Until an agent says otherwise, the priority follows from how severe the customer says it is. */
export const priorityForSeverity: Record<Severity, Priority> = { Critical: 'High', Major: 'Medium', Minor: 'Low' };

export const maxRelatedEntities = 10;
const instant = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

/** POST body: TMF621 TroubleTicket_Create, the attributes this BSS takes. */
export const supportCaseCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(256))),
  description: z.string().check(z.trim(), z.minLength(1, 'say what the trouble is'), z.maxLength(4000)),
  ticketType: z.enum(ticketTypes),
  severity: z.enum(severities),
  priority: z.optional(z.enum(priorities)),
  requestedResolutionDate: z.optional(instant),
  expectedResolutionDate: z.optional(instant),
  relatedEntity: z.optional(z.array(relatedEntityInputSchema).check(z.maxLength(maxRelatedEntities))),
  /** Staff name the customer the case is for, its one party; a customer's case is its own. */
  relatedParty: z.optional(z.array(relatedPartySchema).check(z.length(1, 'name the one customer the case is for'))),
  note: z.optional(z.array(noteInputSchema).check(z.maxLength(10))),
  '@type': z.optional(z.literal('TroubleTicket')),
}));
export type SupportCaseCreate = z.infer<typeof supportCaseCreateSchema>;

export interface CaseStatusChange {
  status: CaseStatus;
  changeDate: string;
  changeReason?: string;
  '@type': 'StatusChange';
}

export interface CaseChannel {
  id: 'selfService' | 'agent';
  name: string;
  '@type': 'ChannelRef';
}

/** The TMF621 TroubleTicket as stored and served. */
export interface SupportCase {
  id: string;
  href: string;
  '@type': 'TroubleTicket';
  name?: string;
  description: string;
  ticketType: TicketType;
  severity: Severity;
  priority: Priority;
  /** None while submitted (not a TMF621 value): see case-lifecycle.ts. */
  status?: TroubleTicketStatus;
  statusChangeDate: string;
  statusChangeReason?: string;
  creationDate: string;
  lastUpdate: string;
  requestedResolutionDate?: string;
  expectedResolutionDate?: string;
  resolutionDate?: string;
  channel: CaseChannel;
  relatedParty: [{ id: string; href: string; name: string; role: 'Customer'; '@referredType': 'Customer' }];
  relatedEntity: CaseRelatedEntity[];
  note: CaseNote[];
  statusChange: CaseStatusChange[];
}

export const caseStatusOf = (supportCase: Pick<SupportCase, 'status'>): CaseStatus => supportCase.status ?? 'submitted';
export const customerIdOfCase = (supportCase: Pick<SupportCase, 'relatedParty'>): string => supportCase.relatedParty[0].id;

const channels: Record<CaseActor, CaseChannel> = {
  customer: { id: 'selfService', name: 'Self-service', '@type': 'ChannelRef' },
  agent: { id: 'agent', name: 'Customer support agent', '@type': 'ChannelRef' },
};

/** What the author of a note is called on the case: the customer by its name, the agents as one team. */
export const supportTeamName = 'Customer support';
export const noteAuthor = (actor: CaseActor, customerName: string) => ({ name: actor === 'customer' ? customerName : supportTeamName, role: actor });

/**
 * The customer a new case is for: the caller itself for a customer; for staff, the one party of
 * `@referredType` Customer they name (400 naming `relatedParty` otherwise).
 */
export function customerIdForNewCase(input: Pick<SupportCaseCreate, 'relatedParty'>, caller: { actor: CaseActor; customerId?: string }): string {
  if (caller.actor === 'customer') {
    if (caller.customerId === undefined) throw new Error('invariant broken: a customer caller without a customer id');
    return caller.customerId;
  }
  const customers = (input.relatedParty ?? []).filter((party) => party['@referredType'] === 'Customer');
  if (customers.length !== 1) {
    rejectFieldProblems([{ field: 'relatedParty', problem: 'name the one customer the case is for: a party with @referredType Customer' }], 'the case names no customer');
  }
  return customers[0]!.id;
}

/** Dates a client sets must lie after the case is opened (400 naming each that does not). */
export function requireFutureDates(dates: { requestedResolutionDate?: string | null; expectedResolutionDate?: string | null }, now: string): void {
  const problems: FieldProblem[] = [];
  for (const field of ['requestedResolutionDate', 'expectedResolutionDate'] as const) {
    const value = dates[field];
    if (typeof value === 'string' && Date.parse(value) <= Date.parse(now)) problems.push({ field, problem: `must be later than now (${now})` });
  }
  rejectFieldProblems(problems, 'a resolution date lies in the past');
}

/**
 * A new case, `submitted`, at `now` (the customer's instant), with the references already
 * resolved against the customer's products and bills (case-related-entities.ts).
 */
export function openSupportCase(
  input: SupportCaseCreate,
  context: { id: string; customer: { id: string; name: string }; actor: CaseActor; relatedEntity: CaseRelatedEntity[] },
  now: string,
): SupportCase {
  const { id, customer, actor } = context;
  const dates = {
    ...(input.requestedResolutionDate !== undefined ? { requestedResolutionDate: new Date(input.requestedResolutionDate).toISOString() } : {}),
    ...(input.expectedResolutionDate !== undefined ? { expectedResolutionDate: new Date(input.expectedResolutionDate).toISOString() } : {}),
  };
  requireFutureDates(dates, now);
  return {
    id,
    href: `${troubleTicketPath}/${id}`,
    '@type': 'TroubleTicket',
    ...(input.name !== undefined ? { name: input.name } : {}),
    description: input.description,
    ticketType: input.ticketType,
    severity: input.severity,
    priority: input.priority ?? priorityForSeverity[input.severity],
    statusChangeDate: now,
    creationDate: now,
    lastUpdate: now,
    ...dates,
    channel: channels[actor],
    relatedParty: [{ id: customer.id, href: `${customerPath}/${customer.id}`, name: customer.name, role: 'Customer', '@referredType': 'Customer' }],
    relatedEntity: context.relatedEntity,
    note: addCaseNotes([], input.note ?? [], noteAuthor(actor, customer.name), now),
    statusChange: [{ status: 'submitted', changeDate: now, '@type': 'StatusChange' }],
  };
}

/** The case as its events carry it (domain/events/support-case-events.ts). */
export function supportCaseSnapshot(supportCase: SupportCase, testClockId: string | undefined) {
  return {
    id: supportCase.id,
    href: supportCase.href,
    customerId: customerIdOfCase(supportCase),
    customerName: supportCase.relatedParty[0].name,
    ...(supportCase.name !== undefined ? { name: supportCase.name } : {}),
    status: caseStatusOf(supportCase),
    ticketType: supportCase.ticketType,
    severity: supportCase.severity,
    priority: supportCase.priority,
    channel: supportCase.channel.id,
    creationDate: supportCase.creationDate,
    relatedEntity: supportCase.relatedEntity.map((entity) => ({ id: entity.id, '@referredType': entity['@referredType'] })),
    ...(testClockId !== undefined ? { testClockId } : {}),
  };
}
