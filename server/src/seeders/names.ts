import type { Random } from './random.js';

const MALE = {
  first: [
    'Александр',
    'Дмитрий',
    'Максим',
    'Сергей',
    'Андрей',
    'Алексей',
    'Артём',
    'Илья',
    'Кирилл',
    'Михаил',
    'Никита',
    'Роман',
    'Павел',
    'Егор',
    'Иван',
    'Олег',
    'Денис',
    'Владимир',
  ],
  last: [
    'Иванов',
    'Смирнов',
    'Кузнецов',
    'Попов',
    'Васильев',
    'Петров',
    'Соколов',
    'Михайлов',
    'Новиков',
    'Фёдоров',
    'Морозов',
    'Волков',
    'Алексеев',
    'Лебедев',
    'Семёнов',
    'Егоров',
    'Павлов',
    'Козлов',
    'Степанов',
    'Николаев',
    'Орлов',
    'Андреев',
    'Макаров',
    'Никитин',
    'Захаров',
  ],
};
const FEMALE_FIRST = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Екатерина',
  'Татьяна',
  'Ирина',
  'Светлана',
  'Юлия',
  'Дарья',
  'Ксения',
  'Алина',
  'Виктория',
  'Полина',
];
const PATRONYMIC_ROOTS = [
  'Александров',
  'Дмитриев',
  'Сергеев',
  'Андреев',
  'Алексеев',
  'Михайлов',
  'Николаев',
  'Викторов',
  'Петров',
  'Иванов',
  'Павлов',
  'Олегов',
];

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
}

export interface PersonName {
  fullName: string;
  emailLocal: string;
}

/** A Russian full name (surname, first name, patronymic) with a matching e-mail local part. */
export function personName(random: Random): PersonName {
  const female = random.chance(0.45);
  const surname = random.pick(MALE.last) + (female ? 'а' : '');
  const first = female ? random.pick(FEMALE_FIRST) : random.pick(MALE.first);
  const patronymic = random.pick(PATRONYMIC_ROOTS) + (female ? 'на' : 'ич');
  return { fullName: `${surname} ${first} ${patronymic}`, emailLocal: `${transliterate(first)[0]}.${transliterate(surname)}` };
}
