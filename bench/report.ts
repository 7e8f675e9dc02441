import type { BillComputationFigures } from './bill-computation.js';
import type { BillDocumentFigures } from './bill-documents.js';
import type { TelecomRatingResult } from './telecom-rating.js';
import type { BillingRunFigures } from './billing-run.js';
import type { BillCollectionFigures, DunningFigures } from './collections.js';
import type { OrderToCashFigures } from './order-to-cash.js';
import type { RevenueCloseFigures } from './revenue-close.js';
import type { UsageIngestionFigures } from './usage-ingestion.js';
import type { InputShare } from './bundle-composition.js';
import type { MachineInfo } from './machine-info.js';
import type { Summary } from './statistics.js';
import type { SoakPassFigures } from './soak.js';
import type { SoakTargets, TargetResult, TargetResults, WebTargets } from './targets.js';
import type { WebFigures } from './web-pages.js';
import type { RoundTripSummary } from './use-case-samples.js';

/** bench/reports/latest.json; bump schemaVersion when a field changes meaning. */
export interface BenchReport {
  schemaVersion: 1;
  generatedAt: string;
  durationSeconds: number;
  git: { commit: string | null; dirty: boolean | null };
  machine: MachineInfo & { loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  /** How many of everything this run did. */
  plan: Record<string, unknown>;
  method: Record<string, string>;
  targets: TargetResults;
  bundles: BundleFigures[];
  moduleInit: ModuleInitFigures[];
  latency: LatencyFigures;
  roundTrips: RoundTripSummary[];
  rating: RatingFigures;
  orderToCash: OrderToCashFigures;
  /** computeBill in-process, one core. */
  billComputation: BillComputationFigures;
  /** The usage batch API against raw BatchWriteItem of the same items. */
  usageIngestion: UsageIngestionFigures;
  /** A billing run through the API and the state machine against a raw floor. */
  billingRun: BillingRunFigures;
  /** Collection of issued bills against a raw floor, and one dunning run's day 1 (bench/collections.ts). */
  collections: CollectionsFigures;
  /** PDF bill documents rendered in-process, one core (bench/bill-documents.ts). */
  billDocuments: BillDocumentFigures;
  /** Calls rated by zone, band and per-call increments, in-process, one core (bench/telecom-rating.ts). */
  telecomRating: TelecomRatingResult;
  /** The monthly revenue close against a raw floor, and the /reports/v1 reports' latency (bench/revenue-close.ts). */
  revenueClose: RevenueCloseFigures;
  /** The mixed workload for minutes, without and with faults (bench/soak.ts). */
  soak: SoakFigures;
  /** The customer portal and the agent desktop in headless Chromium (bench/web-pages.ts). */
  web: WebFigures;
}

/** What `--only=web` writes (bench/reports/only-web.*): the web apps alone. */
export type WebOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'web'> & {
  targets: WebTargets;
};

export interface SoakFigures {
  clean: SoakPassFigures;
  faulted: SoakPassFigures;
}

/** What `--only=soak` writes (bench/reports/only-soak.*): the soak alone, both passes. */
export type SoakOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'soak'> & {
  targets: SoakTargets;
};

export interface CollectionsFigures {
  billCollection: BillCollectionFigures;
  dunning: DunningFigures;
}

/** What `--only=rating` writes (bench/reports/only-rating.*): plain and telecom rating side by side. */
export type RatingOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'rating' | 'telecomRating'>;

/** What `--only=documents` writes (bench/reports/only-documents.*): the rendering section alone. */
export type DocumentsOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'billDocuments'>;

/** What `--only=collections` writes (bench/reports/only-collections.*): the same fields, of that section alone. */
export type CollectionsOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'collections'> & {
  targets: { collectionRatio: TargetResult };
};

/** What `--only=billing` writes (bench/reports/only-billing.*): bill computation, usage ingestion and the billing run. */
export type BillingOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'billComputation' | 'usageIngestion' | 'billingRun'> & {
  targets: Pick<TargetResults, 'billComputation' | 'usageIngestionRatio' | 'billingRunRatio'>;
};

/** What `--only=revenue` writes (bench/reports/only-revenue.*): the revenue close and reports alone. */
/** `--only=init`: bench/reports/only-init.*. */
export type InitOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'moduleInit'> & {
  targets: Pick<TargetResults, 'moduleInit'>;
};

export type RevenueOnlyReport = Pick<BenchReport, 'schemaVersion' | 'generatedAt' | 'durationSeconds' | 'git' | 'machine' | 'plan' | 'method' | 'revenueClose'>;

export interface RatingFigures {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  priceModels: string[];
}

export interface BundleFigures {
  function: string;
  entry: string;
  /** All its code, chunks included. */
  bytes: number;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  initBytes: number;
  gzipBytes: number;
  topInputs: InputShare[];
  byPackage: InputShare[];
  externalImports: string[];
}

export interface ModuleInitFigures {
  function: string;
  minMs: number;
  medianMs: number;
  maxMs: number;
  runsMs: number[];
  discardedFirstRunMs: number;
  processReadyMedianMs: number;
  /** Median ms to import only the bundle's external (runtime-provided) modules and construct the SDK clients it builds at init. */
  externalsFloorMs: number;
  /** The SDK client classes the bundle builds at init, which its floor builds too (bench/module-init.ts). */
  sdkClientsBuiltAtInit?: string[];
  /** Median ms of the bundle's import right after its floor, in the floor's process, less a warm rebuild of the clients it builds at init (bench/module-init.ts); absent without externals. */
  ownShareMedianMs?: number;
  /** Median over the rounds of (floor + own share) ÷ floor, timed in one process (bench/module-init.ts); absent without externals. */
  overFloorMedian?: number;
  /** Median ms of the first invocation after init, for a function an API route reaches. */
  firstInvocationMedianMs?: number;
  /** What that first invocation answered: a status code, or what it threw. */
  firstInvocationStatus?: number | string;
  externalImports: string[];
  node: string;
}

export interface LatencyFigures {
  /** Milliseconds, client side, per use case; the first four are the comparison. */
  byUseCase: Record<string, Summary>;
  ratios: {
    getCustomerP50OverRawGetItemP50: number;
    postCustomerP50OverRawPutItemP50: number;
  };
  itemBytes: { customerItem: number; rawItem: number };
  backgroundDrained: boolean;
}
