import type { Lang } from './i18n.js';

/**
 * Numbers and money through Intl.NumberFormat. Amounts arrive as decimal strings and are formatted as
 * strings (exact), never parsed into floats.
 */
const locales: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' };

const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locales[lang], options);
    cache.set(key, format);
  }
  return format;
}

type Formattable = Parameters<Intl.NumberFormat['format']>[0];

export function formatMoney(value: string, lang: Lang, currency: string, compact = false): string {
  const options: Intl.NumberFormatOptions = compact
    ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
    : { style: 'currency', currency, maximumFractionDigits: 0 };
  return formatter(lang, options).format(value as unknown as Formattable);
}

/** A fraction ("0.8734") as a percentage ("87 %"). */
export function formatPercent(fraction: string | null | undefined, lang: Lang, digits = 0): string {
  if (fraction === null || fraction === undefined) return '—';
  return formatter(lang, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(Number(fraction));
}

export function formatCount(value: number, lang: Lang): string {
  return formatter(lang, {}).format(value);
}

export function formatDecimal(value: string | null | undefined, lang: Lang, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return formatter(lang, { maximumFractionDigits: digits }).format(Number(value));
}

/** A time of day ("14:05"), with the day before it when it is not today ("3 Dec, 14:05"). */
export function formatTime(value: Date, lang: Lang): string {
  const today = new Date().toDateString() === value.toDateString();
  const options: Intl.DateTimeFormatOptions = today
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locales[lang], options).format(value);
}
