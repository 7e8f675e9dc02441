/** Where a bundle carries the API reference documents (read by the reference functions and written by the CDK bundling and the bench). */
export const apiReferenceFolder = 'api-reference';
/** The server the bundled OpenAPI document names, replaced by the URL the API is reached by. */
export const bundledServerPlaceholder = 'https://api-reference.invalid';
