/**
 * The headers of the pages the apps are served with (the web apps, and locally the sign-in
 * page): scripts, styles and requests from this origin only, no inline script or style, no
 * framing, no referrer leaking a bill's URL. ONE source: the local runtime sends these, and
 * CloudFront's response headers policy on AWS is built from them (infra/aws/web-hosting.ts).
 */

/**
 * The Content-Security-Policy. `connectSources` are the origins the page may call besides its
 * own: none locally (the API and the dev issuer share the page's origin); on AWS the API's
 * origin and the Cognito domains whose token endpoint the apps call.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const pageSecurityHeaders = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;
