/**
 * Headers every answer carries — GraphQL, files, errors, 404s: no MIME sniffing, no referrer leaked to
 * other sites, nothing of ours run as a page or framed (a page, /demo, sets its own policy instead), and
 * Strict-Transport-Security when the server is reached through HTTPS only (HSTS_MAX_AGE).
 */
export function securityHeaders(hstsMaxAgeSeconds: number): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(hstsMaxAgeSeconds > 0 ? { 'strict-transport-security': `max-age=${hstsMaxAgeSeconds}` } : {}),
  };
}
