/**
 * Turning one source value into its canonical shape (exchange/kinds.ts): dates `YYYY-MM-DD`, times ISO 8601
 * with a zone, decimals with a dot and no grouping, booleans "true"/"false". A normaliser changes only
 * what it recognises and leaves the rest for the import engine's checks, which name the exact rule; it
 * reports a problem only where the source's conventions are known to be broken (a date that is not
 * DD.MM.YYYY in a file said to write them so, an amount in a foreign currency).
 */

/** What a normaliser makes of a value: the value, or the rule it breaks and why. */
export type Normalised = { value: string } | { rule: 'date' | 'currency'; message: string };

/**
 * Source times without a zone are Moscow time: Europe/Moscow has been UTC+3 all year round since
 * October 2014, so a fixed offset is exact for any time a CRM export holds.
 */
export const MOSCOW_OFFSET = '+03:00';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/;
const ISO_ZONED_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i;
const RUSSIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number | string): string => String(n).padStart(2, '0');

/** A DD.MM.YYYY [HH:mm[:ss]] text as its ISO parts, or null when it is not one (or no such day). */
function russianParts(text: string): { date: string; time: string | null } | null {
  const match = RUSSIAN_DATE.exec(text);
  if (!match) return null;
  const [, day, month, year, hours, minutes, seconds] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return null;
  if (hours !== undefined && (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)) return null;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return { date, time: hours === undefined ? null : `${pad(hours)}:${minutes}:${seconds ?? '00'}` };
}

const badDate = (text: string): Normalised => ({ rule: 'date', message: `"${text}" is not a date DD.MM.YYYY [HH:mm[:ss]]` });

/** A date field: ISO passes; with `russian`, DD.MM.YYYY (a time after it is dropped) becomes ISO. */
export function normaliseDate(text: string, russian: boolean): Normalised {
  if (!russian || ISO_DATE.test(text)) return { value: text };
  const parts = russianParts(text);
  return parts ? { value: parts.date } : badDate(text);
}

/** A time field: a time without a zone is Moscow time; a bare date is its midnight. */
export function normaliseDateTime(text: string, russian: boolean): Normalised {
  const zoned = ISO_ZONED_TIME.exec(text);
  if (zoned) return { value: `${zoned[1]}T${zoned[2]}${zoned[3].toUpperCase()}` };
  const local = ISO_LOCAL_TIME.exec(text);
  if (local) return { value: `${local[1]}T${local[2]}${local[3] ?? ':00'}${MOSCOW_OFFSET}` };
  if (ISO_DATE.test(text)) return { value: `${text}T00:00:00${MOSCOW_OFFSET}` };
  if (!russian) return { value: text };
  const parts = russianParts(text);
  return parts ? { value: `${parts.date}T${parts.time ?? '00:00:00'}${MOSCOW_OFFSET}` } : badDate(text);
}

/** Ways of writing roubles after (or before) an amount; they are dropped. */
const ROUBLES = /^(?:руб\.?|р\.|₽|RUB|RUR)$/i;
/** Any other currency sign or ISO code beside an amount. */
const OTHER_CURRENCY = /^(?:[A-Z]{3}|[$€£¥]|евро|долл\.?)$/i;
/** Thousands are grouped with spaces: plain, no-break (U+00A0), narrow no-break (U+202F) or thin (U+2009). */
const GROUPING = /[\s\u00a0\u202f\u2009]/g;

/** Splits "1 234,50 руб." into the number and the currency written beside it (leading or trailing). */
function splitCurrency(text: string): { number: string; currency: string | null } {
  const trailing = /^(.*?\d)[\s\u00a0\u202f\u2009]*([^\d\s.,-][^\d]*)$/u.exec(text);
  if (trailing) return { number: trailing[1], currency: trailing[2].trim() };
  const leading = /^([^\d\s.,+-][^\d]*?)[\s\u00a0\u202f\u2009]*([-+]?\d.*)$/u.exec(text);
  if (leading) return { number: leading[2], currency: leading[1].trim() };
  return { number: text, currency: null };
}

/**
 * A decimal field: roubles written beside the amount are dropped, another currency is a problem, spaces
 * grouping thousands go; with `comma`, the decimal comma becomes a dot ("1 234 567,50" → "1234567.50").
 * Places are kept as written: the engine checks them (12.345 breaks two-decimals).
 */
export function normaliseDecimal(text: string, comma: boolean): Normalised {
  const { number, currency } = splitCurrency(text);
  if (currency !== null && !ROUBLES.test(currency)) {
    if (OTHER_CURRENCY.test(currency)) {
      return { rule: 'currency', message: `"${text}" is in ${currency}: amounts must be in the organisation currency` };
    }
    return { value: text };
  }
  const plain = number.replace(GROUPING, '');
  return { value: comma ? plain.replace(',', '.') : plain };
}

/** Whether a currency cell ("RUB", or Bitrix24's "Российский рубль") is the organisation currency; empty means it is. */
export function isOrganisationCurrency(text: string): boolean {
  return text === '' || ROUBLES.test(text) || /^(?:российский )?рубл[ьи]$/i.test(text);
}

const TRUE = new Set(['true', 'да', 'д', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'нет', 'н', 'no', 'n', '0']);

/** A boolean field: Да/Нет, Y/N, 1/0, yes/no, true/false in any case; anything else is left for the engine. */
export function normaliseBoolean(text: string): string {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return 'true';
  if (FALSE.has(lower)) return 'false';
  return text;
}

/** A key a source value is looked up by in a values map: case, spacing and ё/е do not matter. */
export function valueKey(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}
