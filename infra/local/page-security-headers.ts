/**
 * The headers the local runtime sends with the pages it serves (the web apps and the sign-in
 * page), the same policy CloudFront will send on AWS: scripts, styles and requests from this
 * origin only, no inline script or style, no framing, no referrer leaking a bill's URL.
 */
export const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;
