import type { RecordKind } from '../kinds.js';

/**
 * How the columns of a source file become the fields of a record kind (exchange/kinds.ts): a preset for a
 * CRM's export (Bitrix24, amoCRM), the generic layout, or a mapping file a user writes (JSON, same shape).
 */
export interface Mapping {
  /** Preset name or the mapping file's `name`. */
  name: string;
  kind: RecordKind;
  /** Field → the source column (or columns, first non-empty wins) it is read from. */
  columns: Record<string, string | string[]>;
  /** Field → source value → value in our terms (a CRM's stage name → a stage code, "Да" → "true"). */
  values?: Record<string, Record<string, string>>;
  /** Field → the value used when the source has none. */
  defaults?: Record<string, string>;
  /** How the source writes dates and times; ISO when absent. */
  dateFormat?: 'ISO' | 'DD.MM.YYYY';
  /** The source writes decimals with a comma and groups thousands with spaces ("1 234 567,50"). */
  decimalComma?: boolean;
  /**
   * Field → source columns joined with a space (the non-empty ones, in this order), read when `columns`
   * gives the field no value: a CRM that splits a contact's name into "Фамилия", "Имя", "Отчество".
   */
  join?: Record<string, string[]>;
  /**
   * The column holding the currency of the row's amounts (Bitrix24's "Валюта"): a row in another currency
   * than the organisation's (RUB) is refused with rule `currency`, as amounts are not converted.
   */
  currencyColumn?: string;
}
