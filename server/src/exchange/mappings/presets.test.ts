import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { KIND_SPECS, RECORD_KINDS, RecordKind } from '../kinds.js';
import { checkColumns } from './apply.js';
import { PRESETS, presetMapping } from './presets/index.js';

describe('presets', () => {
  it('lists each preset with the kinds it covers', () => {
    expect(PRESETS).toEqual([
      { name: 'generic', kinds: RECORD_KINDS },
      { name: 'bitrix24', kinds: [RecordKind.CUSTOMERS, RecordKind.CONTACTS, RecordKind.DEALS] },
      { name: 'amocrm', kinds: [RecordKind.CUSTOMERS, RecordKind.CONTACTS, RecordKind.DEALS] },
    ]);
  });

  it('maps only fields the kind has, and every required field has a column or a default', () => {
    for (const { name, kinds } of PRESETS) {
      for (const kind of kinds) {
        const mapping = presetMapping(name, kind);
        const fields = KIND_SPECS[kind].fields;
        const mapped = [...Object.keys(mapping.columns), ...Object.keys(mapping.join ?? {}), ...Object.keys(mapping.defaults ?? {})];
        for (const field of [...mapped, ...Object.keys(mapping.values ?? {})]) expect(fields.map((f) => f.name)).toContain(field);
        for (const field of fields.filter((f) => f.required)) expect(mapped, `${name} ${kind}`).toContain(field.name);
      }
    }
  });

  it('translates into values of ours only', () => {
    const stages = ['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST'];
    const channels = ['DIRECT', 'INSIDE', 'PARTNER', 'ONLINE', 'TENDER'];
    for (const name of ['bitrix24', 'amocrm']) {
      const deals = presetMapping(name, RecordKind.DEALS);
      expect(stages).toEqual(expect.arrayContaining(Object.values(deals.values?.stage ?? {})));
      expect(new Set(Object.values(deals.values?.stage ?? {}))).toEqual(new Set(stages));
      expect(channels).toEqual(expect.arrayContaining([...Object.values(deals.values?.channel ?? {}), deals.defaults?.channel]));
      expect(deals).toMatchObject({ dateFormat: 'DD.MM.YYYY', decimalComma: true });
    }
  });

  it('accepts a Bitrix24 header and refuses a foreign one', () => {
    const bitrix = presetMapping('bitrix24', RecordKind.DEALS);
    expect(checkColumns(bitrix, RecordKind.DEALS, ['ID', 'Название сделки', 'Стадия сделки', 'Сумма'])).toEqual([]);
    expect(checkColumns(bitrix, RecordKind.DEALS, ['title', 'stage', 'amount']).map((p) => p.column)).toEqual([
      'Название сделки',
      'Компания',
      'Ответственный',
      'Стадия сделки',
      'Сумма',
      'Предполагаемая дата закрытия',
    ]);
  });

  it('hands out copies', () => {
    presetMapping('bitrix24', RecordKind.DEALS).columns.title = 'changed';
    expect(presetMapping('bitrix24', RecordKind.DEALS).columns.title).toBe('Название сделки');
  });

  it('refuses an unknown preset or kind, listing what there is', () => {
    for (const [name, kind] of [
      ['salesforce', RecordKind.DEALS],
      ['bitrix24', RecordKind.QUOTAS],
      ['constructor', RecordKind.DEALS],
    ] as const) {
      expect(() => presetMapping(name, kind)).toThrow(DomainError);
    }
    expect(() => presetMapping('bitrix24', RecordKind.QUOTAS)).toThrow(
      'mapping: the preset "bitrix24" has no mapping of quotas: the presets are generic (every kind); bitrix24 (customers, contacts, deals); amocrm (customers, contacts, deals)',
    );
  });
});
