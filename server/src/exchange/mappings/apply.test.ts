import { describe, expect, it } from 'vitest';
import { RecordKind } from '../kinds.js';
import { applyMapping, checkColumns } from './apply.js';
import { presetMapping } from './presets/index.js';

describe('the generic layout', () => {
  it('matches headers loosely and shapes values canonically', () => {
    const { fields, problems } = applyMapping(undefined, RecordKind.DEALS, {
      external_id: ' D-1 ',
      Title: 'Поставка коммутаторов',
      customer: '7701000859',
      owner: 'k.smirnov@sales.example.ru',
      stage: 'WON',
      amount: '1250000.50',
      'expected-close-date': '2027-02-01',
      closeDate: '2026-10-15',
      closeReason: '',
      channel: 'DIRECT',
      createdAt: '2026-06-01 10:00',
      stageHistory: 'LEAD@2026-06-01T10:00:00+03:00|WON@2026-10-15T12:00:00+03:00',
      forecastCategory: 'commit',
      somethingElse: 'ignored',
    });
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      externalId: 'D-1',
      title: 'Поставка коммутаторов',
      customer: '7701000859',
      owner: 'k.smirnov@sales.example.ru',
      stage: 'WON',
      amount: '1250000.50',
      expectedCloseDate: '2027-02-01',
      closeDate: '2026-10-15',
      closeReason: null,
      channel: 'DIRECT',
      createdAt: '2026-06-01T10:00:00+03:00',
      stageHistory: 'LEAD@2026-06-01T10:00:00+03:00|WON@2026-10-15T12:00:00+03:00',
      forecastCategory: 'COMMIT',
    });
  });

  it('passes JSON numbers, booleans and arrays as they are and leaves absent fields out', () => {
    const history = [{ stage: 'LEAD', changedAt: '2026-06-01T07:00:00Z' }];
    const { fields } = applyMapping(undefined, RecordKind.DEALS, { title: 'X', amount: 1200.5, stageHistory: history, product: null });
    expect(fields).toEqual({ title: 'X', amount: 1200.5, stageHistory: history, product: null });
    const customer = applyMapping(undefined, RecordKind.CUSTOMERS, { name: 'Y', keyAccount: true });
    expect(customer.fields).toEqual({ name: 'Y', keyAccount: true });
  });

  it('reads booleans written in Russian', () => {
    expect(applyMapping(undefined, RecordKind.CONTACTS, { fullName: 'A', primary: 'Да' }).fields.primary).toBe('true');
  });

  it('names every required column of a file that has none of them', () => {
    const problems = checkColumns(undefined, RecordKind.TEAMS, ['Название', 'Описание']);
    expect(problems).toEqual([
      { column: 'name', rule: 'missing-column', message: 'the file has no column "name" (teams.name is required)' },
      { column: 'kind', rule: 'missing-column', message: 'the file has no column "kind" (teams.kind is required)' },
    ]);
    expect(applyMapping(undefined, RecordKind.TEAMS, { Название: 'A' }).problems.map((p) => p.rule)).toEqual([
      'missing-column',
      'missing-column',
    ]);
  });

  it('leaves a missing required column to the row checks when the file has others', () => {
    expect(checkColumns(undefined, RecordKind.TEAMS, ['NAME'])).toEqual([]);
  });
});

describe('the Bitrix24 preset', () => {
  const deals = presetMapping('bitrix24', RecordKind.DEALS);

  it('reads a deal row of a Bitrix24 export', () => {
    const { fields, problems } = applyMapping(deals, RecordKind.DEALS, {
      '\uFEFFID': '1017',
      'Название сделки': 'Облачный офис на 300 мест',
      'Стадия сделки': 'Финальный счёт',
      Сумма: '1 450 000,00',
      Валюта: 'Российский рубль',
      Ответственный: 'Смирнов Кирилл Александрович',
      'Дата создания': '12.05.2026 09:41:07',
      'Предполагаемая дата закрытия': '15.02.2027',
      'Дата изменения': '20.11.2026 16:02:00',
      Компания: 'ООО «Дон-Торг»',
      Источник: 'Веб-сайт',
      Комментарий: '',
      Закрыта: 'Нет',
    });
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      externalId: '1017',
      title: 'Облачный офис на 300 мест',
      customer: 'ООО «Дон-Торг»',
      owner: 'Смирнов Кирилл Александрович',
      stage: 'NEGOTIATION',
      amount: '1450000.00',
      expectedCloseDate: '2027-02-15',
      closeReason: null,
      channel: 'ONLINE',
      createdAt: '2026-05-12T09:41:07+03:00',
    });
  });

  it('takes the currency code column, the default channel and unknown stages', () => {
    const { fields, problems } = applyMapping(deals, RecordKind.DEALS, {
      ID: '7',
      'Название сделки': 'Сделка',
      'Стадия сделки': 'Согласование у юристов',
      Сумма: '10,5',
      Валюта: 'RUB',
      'Дата создания': '31.13.2026',
    });
    expect(fields.channel).toBe('DIRECT');
    expect(fields.stage).toBeNull();
    expect(problems.map((p) => [p.column, p.rule])).toEqual([
      ['Стадия сделки', 'unmapped-value'],
      ['Дата создания', 'date'],
    ]);
    expect(problems[0].message).toBe(
      '"Согласование у юристов" in column "Стадия сделки" is not one of the values the mapping knows: "Новая", "NEW", "Подготовка документов", "PREPARATION", "Счёт на предоплату", "Счет на предоплату", "PREPAYMENT_INVOICE", "В работе", "EXECUTING", "Финальный счёт", …',
    );
  });

  it('refuses an amount in dollars', () => {
    const { problems } = applyMapping(deals, RecordKind.DEALS, { 'Название сделки': 'X', Сумма: '100 USD', Валюта: 'USD' });
    expect(problems.map((p) => p.rule)).toEqual(['currency', 'currency']);
  });

  it('reads companies with their size band and a region default', () => {
    const { fields, problems } = applyMapping(presetMapping('bitrix24', RecordKind.CUSTOMERS), RecordKind.CUSTOMERS, {
      ID: '55',
      'Название компании': 'ООО «Ока-Логистика»',
      ИНН: '7701007761',
      'Тип компании': 'Клиент',
      'Сфера деятельности': 'Логистика',
      'Кол-во сотрудников': '50-250',
      Ответственный: 'Орлова Дарья Олеговна',
      'Дата создания': '01.02.2024',
    });
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      externalId: '55',
      name: 'ООО «Ока-Логистика»',
      taxId: '7701007761',
      industry: 'Логистика',
      region: '—',
      size: 'MEDIUM',
      owner: 'Орлова Дарья Олеговна',
      createdAt: '2024-02-01T00:00:00+03:00',
    });
  });

  it('joins a contact’s name from its parts', () => {
    const { fields } = applyMapping(presetMapping('bitrix24', RecordKind.CONTACTS), RecordKind.CONTACTS, {
      ID: '9',
      Имя: 'Сергей',
      Фамилия: 'Никитин',
      Отчество: 'Николаевич',
      Должность: 'ИТ-директор',
      'Рабочий телефон': '',
      'Мобильный телефон': '+7 (912) 555-01-02',
      'Рабочий e-mail': 's.nikitin@dontorg.ru',
      Компания: 'ООО «Дон-Торг»',
    });
    expect(fields).toEqual({
      externalId: '9',
      customer: 'ООО «Дон-Торг»',
      fullName: 'Никитин Сергей Николаевич',
      jobTitle: 'ИТ-директор',
      email: 's.nikitin@dontorg.ru',
      phone: '+7 (912) 555-01-02',
    });
  });
});

describe('the amoCRM preset', () => {
  it('reads a deal row of an amoCRM export', () => {
    const { fields, problems } = applyMapping(presetMapping('amocrm', RecordKind.DEALS), RecordKind.DEALS, {
      ID: '23914577',
      'Название сделки': 'Wi-Fi для складов',
      Бюджет: '640 000',
      Ответственный: 'Орлова Виктория Сергеевна',
      'Этап сделки': 'Закрыто и не реализовано',
      Воронка: 'Воронка',
      'Дата создания': '03.03.2026 11:15:00',
      'Дата закрытия': '17.09.2026',
      Компания: 'ПАО «Гранит-Софт»',
      'Основной контакт': 'Павлов Иван Александрович',
      'Причина отказа': 'Выбрали конкурента',
      Теги: 'wifi, склад',
    });
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      externalId: '23914577',
      title: 'Wi-Fi для складов',
      customer: 'ПАО «Гранит-Софт»',
      owner: 'Орлова Виктория Сергеевна',
      stage: 'LOST',
      amount: '640000',
      expectedCloseDate: '2026-09-17',
      closeDate: '2026-09-17',
      closeReason: 'Выбрали конкурента',
      channel: 'DIRECT',
      createdAt: '2026-03-03T11:15:00+03:00',
    });
  });

  it('reads companies with defaults for what amoCRM lacks', () => {
    const { fields } = applyMapping(presetMapping('amocrm', RecordKind.CUSTOMERS), RecordKind.CUSTOMERS, {
      ID: '1',
      Название: 'АО «Восход-Пласт»',
      ИНН: '7701036422',
      Ответственный: 'Павлов Павел Викторович',
    });
    expect(fields).toEqual({
      externalId: '1',
      name: 'АО «Восход-Пласт»',
      taxId: '7701036422',
      industry: '—',
      region: '—',
      size: 'MEDIUM',
      owner: 'Павлов Павел Викторович',
    });
  });

  it('prefers a full-name column to the joined parts', () => {
    const contacts = presetMapping('amocrm', RecordKind.CONTACTS);
    const row = { Имя: 'Иван', Фамилия: 'Павлов', Компания: 'ПАО «Гранит-Софт»' };
    expect(applyMapping(contacts, RecordKind.CONTACTS, row).fields.fullName).toBe('Павлов Иван');
    expect(applyMapping(contacts, RecordKind.CONTACTS, { ...row, 'Полное имя': 'Павлов Иван Александрович' }).fields.fullName).toBe(
      'Павлов Иван Александрович',
    );
  });
});
