import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { RecordKind } from '../kinds.js';
import { applyMapping } from './apply.js';
import { parseMappingFile } from './mapping-file.js';

/** The rule and message a mapping file is refused with. */
function refusal(text: string, kind?: RecordKind): { rule: unknown; message: string } {
  try {
    parseMappingFile(text, kind);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe('mapping');
    return { rule: error.details.rule, message: error.message };
  }
  throw new Error('the mapping file was accepted');
}

describe('mapping files', () => {
  it('reads a mapping of its own', () => {
    const mapping = parseMappingFile(
      JSON.stringify({
        name: 'legacy-crm',
        kind: 'deals',
        columns: { title: 'Сделка', amount: ['Сумма, руб.', 'Сумма'], stage: 'Этап' },
        values: { stage: { Выиграна: 'WON' } },
        defaults: { channel: 'PARTNER' },
        dateFormat: 'DD.MM.YYYY',
        decimalComma: true,
      }),
    );
    expect(mapping).toMatchObject({ name: 'legacy-crm', kind: RecordKind.DEALS, dateFormat: 'DD.MM.YYYY', decimalComma: true });
    const row = applyMapping(mapping, RecordKind.DEALS, { Сделка: 'A', Сумма: '1 000,00', Этап: 'выиграна' });
    expect(row.fields).toEqual({ title: 'A', amount: '1000.00', stage: 'WON', channel: 'PARTNER' });
  });

  it('extends a preset, its entries replacing the preset’s and its values adding to them', () => {
    const mapping = parseMappingFile(
      '\uFEFF{"extends": "bitrix24", "columns": {"customer": "ИНН компании"}, "values": {"stage": {"Ждём оплату": "NEGOTIATION"}}}',
      RecordKind.DEALS,
    );
    expect(mapping.name).toBe('bitrix24');
    expect(mapping.columns.customer).toBe('ИНН компании');
    expect(mapping.columns.title).toBe('Название сделки');
    expect(mapping.values?.stage).toMatchObject({ 'Ждём оплату': 'NEGOTIATION', 'Сделка успешна': 'WON' });
    expect(mapping.decimalComma).toBe(true);
  });

  it('names the path of what is wrong', () => {
    const deals = RecordKind.DEALS;
    expect(refusal('{"columns": {"ammount": "Сумма"}}', deals)).toEqual({
      rule: 'mapping-file',
      message: expect.stringMatching(/^mapping: columns\.ammount: deals has no field "ammount"; its fields are externalId, title/),
    });
    expect(refusal('{"columns": {"amount": 5}}', deals).message).toBe('mapping: columns.amount: must be a non-empty text');
    expect(refusal('{"columns": {"amount": ["Сумма", 5]}}', deals).message).toBe('mapping: columns.amount[1]: must be a non-empty text');
    expect(refusal('{"colums": {}}', deals).message).toMatch(/^mapping: colums: unknown entry; a mapping file has name, kind/);
    expect(refusal('{"columns": {"title": "A"}, "dateFormat": "MM/DD/YYYY"}', deals).message).toBe(
      'mapping: dateFormat: must be "ISO" or "DD.MM.YYYY"',
    );
    expect(refusal('{"columns": {"title": "A"}, "decimalComma": "yes"}', deals).message).toBe(
      'mapping: decimalComma: must be true or false',
    );
    expect(refusal('{"values": {"stage": {"Новая": 1}}, "columns": {}}', deals).message).toBe(
      'mapping: values.stage.Новая: must be a non-empty text',
    );
    expect(refusal('{"join": {"fullName": "Имя"}}', RecordKind.CONTACTS).message).toBe(
      'mapping: join.fullName: must be a non-empty list of column names',
    );
    expect(refusal('{"name": "x"}', deals).message).toBe(
      'mapping: columns: the mapping reads no column: give columns (or extends a preset)',
    );
  });

  it('refuses what is not a mapping of the kind', () => {
    expect(refusal('{"columns": ').message).toMatch(/^mapping: \(file\): not JSON: /);
    expect(refusal('[]', RecordKind.DEALS).message).toBe('mapping: (file): must be an object');
    expect(refusal('{"columns": {"title": "A"}}').message).toBe('mapping: kind: the mapping names no record kind');
    expect(refusal('{"kind": "contacts", "columns": {"fullName": "A"}}', RecordKind.DEALS).message).toBe(
      'mapping: kind: the mapping is for contacts, not deals',
    );
    expect(refusal('{"kind": "orders", "columns": {}}').message).toBe('mapping: kind: "orders" is not a record kind');
    expect(refusal('{"extends": "salesforce"}', RecordKind.DEALS).rule).toBe('unknown-mapping');
  });
});
