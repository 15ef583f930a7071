import { RecordKind } from '../../kinds.js';
import type { Mapping } from '../types.js';

/**
 * Bitrix24's CSV / Excel exports in the Russian interface: "CRM → Сделки / Компании / Контакты → Экспорт".
 * They write dates DD.MM.YYYY [HH:mm:ss] in Moscow time and amounts with a decimal comma. Where a column
 * has been renamed between versions, both names are listed (the first one with a value wins).
 */
const conventions = { dateFormat: 'DD.MM.YYYY', decimalComma: true } as const;

/**
 * The stages of the default deal pipeline, by their names and by their ids (STAGE_ID, as the REST export
 * writes them). "Финальный счёт" is a deal being paid: still open, the last step before won.
 */
const STAGES: Record<string, string> = {
  Новая: 'LEAD',
  NEW: 'LEAD',
  'Подготовка документов': 'QUALIFIED',
  PREPARATION: 'QUALIFIED',
  'Счёт на предоплату': 'PROPOSAL',
  'Счет на предоплату': 'PROPOSAL',
  PREPAYMENT_INVOICE: 'PROPOSAL',
  'В работе': 'NEGOTIATION',
  EXECUTING: 'NEGOTIATION',
  'Финальный счёт': 'NEGOTIATION',
  'Финальный счет': 'NEGOTIATION',
  FINAL_INVOICE: 'NEGOTIATION',
  'Сделка успешна': 'WON',
  WON: 'WON',
  'Сделка провалена': 'LOST',
  LOSE: 'LOST',
  'Анализ причины провала': 'LOST',
  APOLOGY: 'LOST',
};

/** The default deal sources ("Источник") as our channels (seeders/strategy.ts). */
const SOURCES: Record<string, string> = {
  Звонок: 'INSIDE',
  'Электронная почта': 'INSIDE',
  'Веб-сайт': 'ONLINE',
  'CRM-форма': 'ONLINE',
  'Обратный звонок': 'ONLINE',
  'Онлайн-магазин': 'ONLINE',
  Реклама: 'ONLINE',
  'Существующий клиент': 'DIRECT',
  'Собственный контакт': 'DIRECT',
  'По рекомендации': 'DIRECT',
  Выставка: 'DIRECT',
  Другое: 'DIRECT',
  Партнёр: 'PARTNER',
  Партнер: 'PARTNER',
  Тендер: 'TENDER',
};

/** "Кол-во сотрудников" (EMPLOYEES) as our size bands (customers/enums.ts). */
const EMPLOYEES: Record<string, string> = {
  'менее 50': 'SMALL',
  '50-250': 'MEDIUM',
  '250-500': 'MEDIUM',
  'более 500': 'LARGE',
};

export const BITRIX24: Partial<Record<RecordKind, Mapping>> = {
  [RecordKind.DEALS]: {
    name: 'bitrix24',
    kind: RecordKind.DEALS,
    ...conventions,
    columns: {
      externalId: 'ID',
      title: 'Название сделки',
      customer: 'Компания',
      owner: 'Ответственный',
      stage: 'Стадия сделки',
      amount: ['Сумма', 'Сумма и валюта'],
      expectedCloseDate: ['Предполагаемая дата закрытия', 'Дата завершения'],
      closeDate: 'Дата закрытия',
      closeReason: 'Комментарий',
      channel: 'Источник',
      createdAt: 'Дата создания',
    },
    values: { stage: STAGES, channel: SOURCES },
    defaults: { channel: 'DIRECT' },
    currencyColumn: 'Валюта',
  },
  [RecordKind.CUSTOMERS]: {
    name: 'bitrix24',
    kind: RecordKind.CUSTOMERS,
    ...conventions,
    columns: {
      externalId: 'ID',
      name: 'Название компании',
      taxId: ['ИНН', 'Реквизиты: ИНН'],
      industry: 'Сфера деятельности',
      region: ['Регион', 'Фактический адрес: Регион', 'Юридический адрес: Регион'],
      size: 'Кол-во сотрудников',
      owner: 'Ответственный',
      needs: 'Комментарий',
      createdAt: 'Дата создания',
    },
    values: { size: EMPLOYEES },
    defaults: { size: 'MEDIUM', region: '—' },
  },
  [RecordKind.CONTACTS]: {
    name: 'bitrix24',
    kind: RecordKind.CONTACTS,
    ...conventions,
    columns: {
      externalId: 'ID',
      customer: 'Компания',
      jobTitle: 'Должность',
      email: ['Рабочий e-mail', 'Частный e-mail', 'E-mail для рассылок', 'Другой e-mail'],
      phone: ['Рабочий телефон', 'Мобильный телефон', 'Другой телефон'],
      notes: 'Комментарий',
    },
    join: { fullName: ['Фамилия', 'Имя', 'Отчество'] },
  },
};
