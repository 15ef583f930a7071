import { describe, expect, it } from 'vitest';
import { normaliseBoolean, normaliseDate, normaliseDateTime, normaliseDecimal, valueKey } from './values.js';

describe('dates', () => {
  it('keeps ISO dates and reads DD.MM.YYYY ones, a time after them dropped', () => {
    expect(normaliseDate('2026-03-05', false)).toEqual({ value: '2026-03-05' });
    expect(normaliseDate('05.03.2026', true)).toEqual({ value: '2026-03-05' });
    expect(normaliseDate('5.3.2026 14:30', true)).toEqual({ value: '2026-03-05' });
    expect(normaliseDate('2026-03-05', true)).toEqual({ value: '2026-03-05' });
  });

  it('refuses what is not a day in a DD.MM.YYYY file', () => {
    expect(normaliseDate('31.02.2026', true)).toMatchObject({ rule: 'date' });
    expect(normaliseDate('03/05/2026', true)).toMatchObject({ rule: 'date' });
    expect(normaliseDate('05.03.2026 25:00', true)).toMatchObject({ rule: 'date' });
  });

  it('leaves an ISO file’s odd dates to the engine', () => {
    expect(normaliseDate('tomorrow', false)).toEqual({ value: 'tomorrow' });
  });
});

describe('times', () => {
  it('takes a time without a zone as Moscow time', () => {
    expect(normaliseDateTime('05.03.2026 14:30', true)).toEqual({ value: '2026-03-05T14:30:00+03:00' });
    expect(normaliseDateTime('05.03.2026 14:30:15', true)).toEqual({ value: '2026-03-05T14:30:15+03:00' });
    expect(normaliseDateTime('05.03.2026', true)).toEqual({ value: '2026-03-05T00:00:00+03:00' });
    expect(normaliseDateTime('2026-03-05 09:00', false)).toEqual({ value: '2026-03-05T09:00:00+03:00' });
    expect(normaliseDateTime('2026-03-05', false)).toEqual({ value: '2026-03-05T00:00:00+03:00' });
  });

  it('keeps a zone that is given', () => {
    expect(normaliseDateTime('2026-03-05T09:00:00Z', false)).toEqual({ value: '2026-03-05T09:00:00Z' });
    expect(normaliseDateTime('2026-03-05 09:00:00.250+05:00', true)).toEqual({ value: '2026-03-05T09:00:00.250+05:00' });
  });

  it('refuses a bad time in a DD.MM.YYYY file', () => {
    expect(normaliseDateTime('32.01.2026 10:00', true)).toMatchObject({ rule: 'date' });
  });
});

describe('decimals', () => {
  it('reads comma decimals grouped by any kind of space', () => {
    expect(normaliseDecimal('1 234 567,50', true)).toEqual({ value: '1234567.50' });
    expect(normaliseDecimal('1\u00a0234\u00a0567,50', true)).toEqual({ value: '1234567.50' });
    expect(normaliseDecimal('1\u202f234,5', true)).toEqual({ value: '1234.5' });
    expect(normaliseDecimal('-15,00', true)).toEqual({ value: '-15.00' });
  });

  it('drops roubles written beside the amount', () => {
    expect(normaliseDecimal('1 234,50 руб.', true)).toEqual({ value: '1234.50' });
    expect(normaliseDecimal('1 234,50₽', true)).toEqual({ value: '1234.50' });
    expect(normaliseDecimal('1234.50 RUB', false)).toEqual({ value: '1234.50' });
    expect(normaliseDecimal('₽ 99', false)).toEqual({ value: '99' });
  });

  it('refuses another currency', () => {
    expect(normaliseDecimal('1 000,00 USD', true)).toEqual({
      rule: 'currency',
      message: '"1 000,00 USD" is in USD: amounts must be in the organisation currency',
    });
    expect(normaliseDecimal('€ 5', false)).toMatchObject({ rule: 'currency' });
  });

  it('keeps places as written, for the engine to check', () => {
    expect(normaliseDecimal('12.345', false)).toEqual({ value: '12.345' });
    expect(normaliseDecimal('abc', false)).toEqual({ value: 'abc' });
  });
});

describe('booleans and value keys', () => {
  it('reads yes and no in Russian and English, any case', () => {
    for (const yes of ['Да', 'Y', '1', 'yes', 'TRUE']) expect(normaliseBoolean(yes)).toBe('true');
    for (const no of ['Нет', 'n', '0', 'No', 'false']) expect(normaliseBoolean(no)).toBe('false');
    expect(normaliseBoolean('maybe')).toBe('maybe');
  });

  it('compares translated values regardless of case, spacing and ё', () => {
    expect(valueKey('  Финальный   СЧЁТ ')).toBe(valueKey('финальный счет'));
  });
});
