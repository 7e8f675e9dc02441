// Stands in for `node:stream/web` in Lambda bundles (infra/lambda-bundling.ts). Only @middy/core
// imports it, for `instanceof ReadableStream` on a streamed response, which no function sends;
// importing the builtin costs every function about 0.5 ms of cold start (docs/decisions.md,
// "Performance"). The global ReadableStream is the same class, loaded only if a check ever runs.
export class ReadableStream {
  static [Symbol.hasInstance](value) {
    return value instanceof globalThis.ReadableStream;
  }
}
