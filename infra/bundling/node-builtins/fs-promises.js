// Stands in for `node:fs/promises` in Lambda bundles (infra/lambda-bundling.ts): the builtin's
// own CommonJS module, without the ESM facade an `import` makes at every cold start. It exports
// what the bundles import; one importing another name fails to build until it is added here.
export const { link, mkdir, readFile, unlink, writeFile } = process.getBuiltinModule('node:fs/promises');
