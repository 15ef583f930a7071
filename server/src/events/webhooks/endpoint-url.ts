import { badInput } from '../../errors.js';

export const MAX_URL_LENGTH = 2000;

/** An endpoint URL as stored (normalised), or BAD_USER_INPUT naming the rule it breaks. */
export function endpointUrl(value: string, field: string): string {
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) throw badInput(field, 'max-length', `must be at most ${MAX_URL_LENGTH} characters, got ${text.length}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(field, 'webhook-url', `"${text.slice(0, 100)}" is not an absolute URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
    throw badInput(field, 'webhook-url', 'must be an http or https URL with a host');
  if (url.username || url.password)
    throw badInput(field, 'webhook-url-credentials', 'must not carry a user name or password: receivers check the signature instead');
  if (url.href.length > MAX_URL_LENGTH) throw badInput(field, 'max-length', `must be at most ${MAX_URL_LENGTH} characters`);
  return url.href;
}
