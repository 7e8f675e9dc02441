import { createRequire } from 'node:module';
import type { PostmanCollection, PostmanEnvironment } from './kit-preparation.js';
import type { RequestOutcome } from './ctk-results.js';

/**
 * Runs one prepared kit collection with newman's Node API (newman is a devDependency; the kits
 * pin ^4, newman 6 runs them unchanged) and returns what each request came to. The options are
 * index.js's (`collection`, `environment`, `insecure: true`) without its html and json report
 * files, which the runner's own report replaces, and with a 60 s limit on each request, so that
 * a request the system never answers fails the run instead of hanging it.
 */
interface NewmanError {
  name?: string;
  message: string;
}
interface NewmanExecution {
  cursor?: { position?: number };
  item?: { name?: string };
  request?: { method?: string; url?: { getPathWithQuery?: () => string; toString(): string } };
  response?: { code?: number; text?: () => string };
  requestError?: NewmanError;
  assertions?: { assertion: string; skipped?: boolean; error?: NewmanError }[];
  prerequestScript?: { error: NewmanError }[];
  testScript?: { error: NewmanError }[];
}
interface NewmanSummary {
  run: { executions: NewmanExecution[] };
}
interface Newman {
  run(
    options: { collection: object; environment: object; insecure: boolean; timeoutRequest: number; reporters: string[] },
    callback: (error: Error | null, summary: NewmanSummary) => void,
  ): { on(event: 'request', listener: (error: Error | null) => void): unknown };
}

const newman = createRequire(import.meta.url)('newman') as Newman;

/** The start of an answer's body, enough to see what an error said. */
const shortAnswer = (body: string): string => (body.length <= 400 ? body : `${body.slice(0, 399)}…`);

export async function runKitCollection(options: {
  collection: PostmanCollection;
  environment: PostmanEnvironment;
  /** Called after each request is answered, with how many have been. */
  onRequest?: (done: number) => void;
}): Promise<RequestOutcome[]> {
  // newman numbers the requests in the order it runs them: the folders' requests in turn.
  const folderOf = options.collection.item.flatMap((folder) => (folder.item ?? []).map(() => folder.name));
  const summary = await new Promise<NewmanSummary>((resolveRun, reject) => {
    let done = 0;
    newman
      .run({ collection: options.collection, environment: options.environment, insecure: true, timeoutRequest: 60_000, reporters: [] }, (error, result) => (error ? reject(error) : resolveRun(result)))
      .on('request', () => options.onRequest?.((done += 1)));
  });
  return summary.run.executions.map((execution, index) => {
    const position = execution.cursor?.position ?? index;
    const url = execution.request?.url;
    return {
      position: position + 1,
      folder: folderOf[position] ?? '',
      name: execution.item?.name ?? '',
      method: execution.request?.method ?? '',
      url: url?.getPathWithQuery?.() ?? url?.toString() ?? '',
      ...(execution.response?.code !== undefined ? { status: execution.response.code } : {}),
      ...(execution.response?.text ? { answer: shortAnswer(execution.response.text()) } : {}),
      ...(execution.requestError ? { requestError: execution.requestError.message } : {}),
      assertions: (execution.assertions ?? [])
        .filter((assertion) => !assertion.skipped)
        .map((assertion) => ({ name: assertion.assertion, ...(assertion.error ? { error: assertion.error.message } : {}) })),
      scriptErrors: [...(execution.prerequestScript ?? []), ...(execution.testScript ?? [])].map(({ error }) => `${error.name ?? 'Error'}: ${error.message}`),
    };
  });
}
