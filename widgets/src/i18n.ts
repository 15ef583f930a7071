/** Widget texts in Russian and English. */
const en = {
  loading: 'Loading…',
  updating: 'Updating…',
  retry: 'Retry',
  error: 'Could not load the data',
  offline: 'The sales service is unreachable',
  forbidden: 'You may not see this data',
  notFound: 'Not found',
  noQuota: 'No quota set for this period',
  noDeals: 'No deals in this period',
  noMembers: 'No members',
  configure: 'Set team-id or member-id',
  attainment: 'Attainment',
  achieved: 'Achieved',
  quota: 'Quota',
  remaining: 'Remaining',
  pace: 'Pace',
  forecast: 'Forecast',
  ofQuota: 'of quota',
  aheadOfPace: 'ahead of pace',
  behindPace: 'behind pace',
  funnel: 'Sales funnel',
  count: 'Count',
  amount: 'Amount',
  deals: 'deals',
  conversion: 'Conversion',
  fromPrevious: 'from previous stage',
  winRate: 'Win rate',
  won: 'Won',
  lost: 'Lost',
  team: 'Team',
  manager: 'Manager',
  members: 'Members',
  total: 'Team total',
  kind: { GEOGRAPHIC: 'Geographic team', PRODUCT: 'Product team', KEY_ACCOUNT: 'Key accounts', INSIDE_SALES: 'Inside sales' } as Record<
    string,
    string
  >,
  role: { MANAGER: 'Sales manager', REP: 'Sales rep', SUPPORT: 'Sales support' } as Record<string, string>,
  metricView: 'Metrics',
  configureView: 'Set view-id',
  noData: 'No data',
  data: 'Data',
  shownRows: (shown: number, total: number) => `First ${shown} of ${total} rows`,
  leaderboard: 'Leaderboard',
  rank: 'Rank',
  member: 'Member',
  change: 'Change',
  noResultsYet: 'Nobody has a result in this period yet, so nobody is ranked',
  noResult: 'no result yet',
  configureTeam: 'Set team-id',
  newInRanking: 'not ranked in the previous period',
  sameRank: 'same rank as in the previous period',
  movedUp: (n: number) => `up ${n} ${n === 1 ? 'place' : 'places'} since the previous period`,
  movedDown: (n: number) => `down ${n} ${n === 1 ? 'place' : 'places'} since the previous period`,
  ofRanked: (shown: number, total: number) => `Top ${shown} of ${total}`,
  metric: { ATTAINMENT: 'Attainment', REVENUE: 'Revenue', DEALS_WON: 'Deals won', ACTIVITIES: 'Activities' } as Record<string, string>,
  recognitions: 'Recognitions',
  quotaMetric: {
    REVENUE: 'Revenue',
    DEALS_WON: 'Deals won',
    NEW_CUSTOMERS: 'New customers',
    ACTIVITIES: 'Activities',
  } as Record<string, string>,
  salesForecast: {
    call: 'Call',
    gap: 'Gap to quota',
    adjustment: 'Manager’s adjustment',
    toRollUp: (rollUp: string) => `to the roll-up of ${rollUp}`,
    asOf: (day: string) => `as of ${day}`,
    lines: 'Forecast by member and child team',
    name: 'Member or team',
    childTeam: 'team',
    system: 'Closed + commit',
    commit: 'Commit',
    bestCase: 'Best case',
    notSubmitted: 'Not submitted',
    noLines: 'No members or child teams',
  },
};

type Messages = typeof en;

/** "место", "места", "мест" for a count. */
function placesRu(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return 'мест';
  return ones === 1 ? 'место' : ones >= 2 && ones <= 4 ? 'места' : 'мест';
}

const ru: Messages = {
  loading: 'Загрузка…',
  updating: 'Обновление…',
  retry: 'Повторить',
  error: 'Не удалось загрузить данные',
  offline: 'Сервис продаж недоступен',
  forbidden: 'Нет доступа к этим данным',
  notFound: 'Не найдено',
  noQuota: 'На этот период квота не задана',
  noDeals: 'Нет сделок за этот период',
  noMembers: 'Нет сотрудников',
  configure: 'Укажите team-id или member-id',
  attainment: 'Выполнение плана',
  achieved: 'Достигнуто',
  quota: 'Квота',
  remaining: 'Осталось',
  pace: 'Темп',
  forecast: 'Прогноз',
  ofQuota: 'от квоты',
  aheadOfPace: 'опережение темпа',
  behindPace: 'отставание от темпа',
  funnel: 'Воронка продаж',
  count: 'Количество',
  amount: 'Сумма',
  deals: 'сделок',
  conversion: 'Конверсия',
  fromPrevious: 'от предыдущего этапа',
  winRate: 'Доля выигранных',
  won: 'Выиграно',
  lost: 'Проиграно',
  team: 'Команда',
  manager: 'Руководитель',
  members: 'Сотрудники',
  total: 'Итого по команде',
  kind: {
    GEOGRAPHIC: 'Географическая команда',
    PRODUCT: 'Команда по продуктам',
    KEY_ACCOUNT: 'Ключевые клиенты',
    INSIDE_SALES: 'Внутренние продажи',
  },
  role: { MANAGER: 'Менеджер по продажам', REP: 'Специалист по продажам', SUPPORT: 'Специалист по поддержке продаж' },
  metricView: 'Показатели',
  configureView: 'Укажите view-id',
  noData: 'Нет данных',
  data: 'Данные',
  shownRows: (shown: number, total: number) => `Первые ${shown} из ${total} строк`,
  leaderboard: 'Рейтинг',
  rank: 'Место',
  member: 'Сотрудник',
  change: 'Изменение',
  noResultsYet: 'В этом периоде результатов пока нет, поэтому рейтинга нет',
  noResult: 'результата пока нет',
  configureTeam: 'Укажите team-id',
  newInRanking: 'в прошлом периоде не было в рейтинге',
  sameRank: 'место не изменилось с прошлого периода',
  movedUp: (n: number) => `на ${n} ${placesRu(n)} выше, чем в прошлом периоде`,
  movedDown: (n: number) => `на ${n} ${placesRu(n)} ниже, чем в прошлом периоде`,
  ofRanked: (shown: number, total: number) => `Первые ${shown} из ${total}`,
  metric: { ATTAINMENT: 'Выполнение плана', REVENUE: 'Выручка', DEALS_WON: 'Выиграно сделок', ACTIVITIES: 'Активности' },
  recognitions: 'Признание',
  quotaMetric: { REVENUE: 'Выручка', DEALS_WON: 'Выиграно сделок', NEW_CUSTOMERS: 'Новые клиенты', ACTIVITIES: 'Активности' },
  salesForecast: {
    call: 'Итоговый прогноз',
    gap: 'До квоты',
    adjustment: 'Корректировка руководителя',
    toRollUp: (rollUp: string) => `к сводному прогнозу ${rollUp}`,
    asOf: (day: string) => `на ${day}`,
    lines: 'Прогноз по сотрудникам и дочерним командам',
    name: 'Сотрудник или команда',
    childTeam: 'команда',
    system: 'Закрыто + коммит',
    commit: 'Коммит',
    bestCase: 'Лучший случай',
    notSubmitted: 'Не отправлен',
    noLines: 'Нет сотрудников и дочерних команд',
  },
};

export type Lang = 'ru' | 'en';

export function messages(lang: Lang): Messages {
  return lang === 'ru' ? ru : en;
}

/** `ru-RU` → `ru`; anything that is not Russian falls back to English. */
export function normaliseLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined;
  return value.toLowerCase().startsWith('ru') ? 'ru' : value.toLowerCase().startsWith('en') ? 'en' : undefined;
}

/** The element's own `lang`, else the nearest ancestor's, else the document's. */
export function inheritedLang(element: Element): string | undefined {
  const holder = element.closest('[lang]');
  return holder?.getAttribute('lang') || document.documentElement.lang || undefined;
}
