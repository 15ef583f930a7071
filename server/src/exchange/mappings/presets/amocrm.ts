import { RecordKind } from '../../kinds.js';
import type { Mapping } from '../types.js';

/**
 * amoCRM's CSV / Excel exports in the Russian interface ("Сделки / Компании / Контакты → … → Экспорт").
 * They write dates DD.MM.YYYY [HH:mm:ss] in the account's zone (Moscow by default) and amounts with a
 * decimal comma. amoCRM has no expected close date and no deal source: a custom field "Планируемая дата
 * закрытия" is read when the account has one, else the close date; the channel is DIRECT.
 */
const conventions = { dateFormat: 'DD.MM.YYYY', decimalComma: true } as const;

/**
 * The stages of the default pipeline. Their order is kept, so that a deal's history moves forward:
 * "Переговоры" is the qualifying talk, "Принимают решение" the customer weighing our proposal,
 * "Согласование договора" the negotiation of the contract.
 */
const STAGES: Record<string, string> = {
  Неразобранное: 'LEAD',
  'Первичный контакт': 'LEAD',
  Переговоры: 'QUALIFIED',
  'Принимают решение': 'PROPOSAL',
  'Согласование договора': 'NEGOTIATION',
  'Успешно реализовано': 'WON',
  'Закрыто и не реализовано': 'LOST',
};

export const AMOCRM: Partial<Record<RecordKind, Mapping>> = {
  [RecordKind.DEALS]: {
    name: 'amocrm',
    kind: RecordKind.DEALS,
    ...conventions,
    columns: {
      externalId: 'ID',
      title: 'Название сделки',
      customer: ['Компания', 'Компания контакта'],
      owner: 'Ответственный',
      stage: 'Этап сделки',
      amount: 'Бюджет',
      expectedCloseDate: ['Планируемая дата закрытия', 'Дата закрытия'],
      closeDate: 'Дата закрытия',
      closeReason: ['Причина отказа', 'Примечание'],
      createdAt: 'Дата создания',
    },
    values: { stage: STAGES },
    defaults: { channel: 'DIRECT' },
  },
  [RecordKind.CUSTOMERS]: {
    name: 'amocrm',
    kind: RecordKind.CUSTOMERS,
    ...conventions,
    columns: {
      externalId: 'ID',
      name: ['Название компании', 'Название', 'Наименование'],
      taxId: 'ИНН',
      industry: 'Сфера деятельности',
      region: 'Регион',
      owner: 'Ответственный',
      needs: 'Примечание',
      createdAt: 'Дата создания',
    },
    defaults: { industry: '—', region: '—', size: 'MEDIUM' },
  },
  [RecordKind.CONTACTS]: {
    name: 'amocrm',
    kind: RecordKind.CONTACTS,
    ...conventions,
    columns: {
      externalId: 'ID',
      fullName: ['Полное имя', 'Полное имя контакта'],
      customer: ['Компания', 'Компания контакта'],
      jobTitle: 'Должность',
      email: ['Рабочий email', 'Email (раб.)', 'Личный email', 'Email'],
      phone: ['Рабочий телефон', 'Телефон (раб.)', 'Мобильный телефон', 'Телефон'],
      notes: 'Примечание',
    },
    join: { fullName: ['Фамилия', 'Имя'] },
  },
};
