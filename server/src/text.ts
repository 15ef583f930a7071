import { badInput, type DomainError } from './errors.js';

/**
 * Text PostgreSQL cannot store: NUL characters (text columns refuse them) and lone UTF-16 surrogates
 * (they have no UTF-8 form, and jsonb refuses their escapes). Such input is refused where it enters —
 * before any resolver, the audit log or SQL sees it — instead of failing later as an internal error.
 */
export function unstorableText(value: unknown, depth = 0): DomainError | undefined {
  if (typeof value === 'string') return textError(value);
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const error = textError(key) ?? unstorableText(item, depth + 1);
    if (error) return error;
  }
  return undefined;
}

function textError(text: string): DomainError | undefined {
  if (text.includes('\0')) return badInput('input', 'nul-character', 'text must not contain NUL characters (\\u0000)');
  if (!text.isWellFormed()) return loneSurrogate();
  return undefined;
}

export function loneSurrogate(): DomainError {
  return badInput('input', 'lone-surrogate', 'text must not contain lone UTF-16 surrogates (\\ud800–\\udfff without their pair)');
}

/** The same text made storable, for records that must keep whatever was sent (the audit log). */
export function storableText(text: string): string {
  return text.toWellFormed().replaceAll('\0', '\uFFFD');
}
