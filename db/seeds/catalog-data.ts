/**
 * The local stack's catalog: a few providers and about forty elements (ИОМ, мероприятия, ДПП ПК
 * programmes with dated cycles) across specialties. Ids are fixed so seeding again adds nothing;
 * dates are laid out from the year the database is first seeded.
 */
import type { ElementType } from '../entities/catalog-element.ts';

export interface SeedProvider {
  id: string;
  name: string;
}

export interface SeedElement {
  id: string;
  type: ElementType;
  providerId: string;
  title: string;
  description: string;
  credits: number;
  specialties: string[];
  startsOn: string | null;
  endsOn: string | null;
  cycles: { id: string; startsOn: string; endsOn: string }[];
}

const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const providerId = (n: number) => uuid('5eed0001', n);
const elementId = (n: number) => uuid('5eed0002', n);
const cycleId = (n: number) => uuid('5eed0003', n);

export const SEED_PROVIDERS: SeedProvider[] = [
  {
    id: providerId(1),
    name: 'ФГБОУ ДПО «Российская медицинская академия непрерывного профессионального образования» Минздрава России',
  },
  {
    id: providerId(2),
    name: 'ФГАОУ ВО Первый МГМУ им. И. М. Сеченова Минздрава России (Сеченовский Университет)',
  },
  {
    id: providerId(3),
    name: 'ФГБОУ ВО «Северо-Западный государственный медицинский университет им. И. И. Мечникова»',
  },
  {
    id: providerId(4),
    name: 'Общероссийская общественная организация «Российское кардиологическое общество»',
  },
  { id: providerId(5), name: 'ГБПОУ ДЗМ «Медицинский колледж № 2»' },
];

const THERAPY = 'Терапия';
const CARDIOLOGY = 'Кардиология';
const PEDIATRICS = 'Педиатрия';
const SURGERY = 'Хирургия';
const NURSING = 'Сестринское дело';
const GP = 'Общая врачебная практика (семейная медицина)';
const NEUROLOGY = 'Неврология';

type Iom = [title: string, credits: number, specialties: string[], provider: number, description: string];
type Event = [
  title: string,
  credits: number,
  specialties: string[],
  provider: number,
  month: number,
  day: number,
  days: number,
];
type Programme = [
  title: string,
  credits: number,
  specialties: string[],
  provider: number,
  cycleStarts: [month: number, day: number][],
];

const IOMS: Iom[] = [
  [
    'Артериальная гипертензия у взрослых: диагностика и лечение',
    2,
    [THERAPY, CARDIOLOGY, GP],
    1,
    'Клинические рекомендации 2024 года: целевые уровни давления, выбор комбинированной терапии.',
  ],
  [
    'Хроническая сердечная недостаточность',
    3,
    [CARDIOLOGY, THERAPY],
    4,
    'Четыре класса препаратов, титрация доз, ведение пациента после декомпенсации.',
  ],
  [
    'Фибрилляция предсердий: антикоагулянтная терапия',
    2,
    [CARDIOLOGY, THERAPY, GP, NEUROLOGY],
    4,
    'Шкалы CHA2DS2-VASc и HAS-BLED, выбор прямого перорального антикоагулянта.',
  ],
  [
    'Сахарный диабет 2 типа в практике терапевта',
    2,
    [THERAPY, GP],
    2,
    'Алгоритм сахароснижающей терапии, кардио- и нефропротекция.',
  ],
  [
    'Внебольничная пневмония у взрослых',
    2,
    [THERAPY, GP],
    3,
    'Оценка тяжести по шкале CURB-65, стартовая антибактериальная терапия.',
  ],
  [
    'Бронхиальная астма у детей',
    2,
    [PEDIATRICS],
    2,
    'Ступенчатая терапия, ингаляционная техника, план действий при обострении.',
  ],
  [
    'Лихорадка без очага инфекции у детей до 3 лет',
    1,
    [PEDIATRICS, GP],
    3,
    'Красные флаги, показания к госпитализации, лабораторный скрининг.',
  ],
  [
    'Вакцинопрофилактика: национальный календарь прививок',
    1,
    [PEDIATRICS, GP, NURSING],
    1,
    'Сроки, противопоказания, догоняющая иммунизация.',
  ],
  [
    'Острый аппендицит у взрослых',
    2,
    [SURGERY],
    2,
    'Шкала Альварадо, ультразвуковая и КТ-диагностика, лапароскопическая аппендэктомия.',
  ],
  [
    'Желчнокаменная болезнь: хирургическая тактика',
    3,
    [SURGERY],
    3,
    'Показания к холецистэктомии, острый холецистит, холедохолитиаз.',
  ],
  [
    'Профилактика инфекций области хирургического вмешательства',
    1,
    [SURGERY, NURSING],
    1,
    'Антибиотикопрофилактика, подготовка операционного поля, контроль.',
  ],
  [
    'Профилактика пролежней: сестринский уход',
    1,
    [NURSING],
    5,
    'Шкала Брейден, позиционирование, средства ухода за кожей.',
  ],
  [
    'Безопасное обращение с лекарственными препаратами в отделении',
    1,
    [NURSING],
    5,
    'Хранение, учёт, двойная проверка, ошибки при введении.',
  ],
  [
    'Острое нарушение мозгового кровообращения: первые часы',
    2,
    [NEUROLOGY, THERAPY, GP],
    1,
    'Шкала NIHSS, «терапевтическое окно», маршрутизация пациента.',
  ],
  [
    'Мигрень: диагностика и профилактическое лечение',
    2,
    [NEUROLOGY, GP],
    2,
    'Критерии МКГБ-3, купирование приступа, профилактическая терапия.',
  ],
  [
    'Базовая сердечно-лёгочная реанимация',
    1,
    [NURSING, THERAPY, SURGERY, PEDIATRICS],
    5,
    'Алгоритм BLS, автоматический наружный дефибриллятор, работа в команде.',
  ],
];

const EVENTS: Event[] = [
  ['Национальный конгресс терапевтов', 12, [THERAPY, GP], 1, 11, 19, 3],
  ['Российский национальный конгресс кардиологов', 12, [CARDIOLOGY, THERAPY], 4, 9, 23, 3],
  ['Школа по неотложной кардиологии', 6, [CARDIOLOGY], 4, 3, 14, 1],
  ['Вебинар «Дислипидемии: новые цели терапии»', 2, [CARDIOLOGY, THERAPY, GP], 4, 2, 12, 1],
  ['Конференция «Актуальные вопросы педиатрии»', 6, [PEDIATRICS], 2, 4, 10, 1],
  ['Школа педиатра: инфекции верхних дыхательных путей', 4, [PEDIATRICS, GP], 3, 10, 8, 1],
  ['Съезд хирургов Северо-Запада', 12, [SURGERY], 3, 6, 5, 2],
  ['Мастер-класс «Лапароскопическая герниопластика»', 6, [SURGERY], 2, 5, 20, 1],
  ['Конференция «Сестринское дело: качество и безопасность»', 6, [NURSING], 5, 3, 27, 1],
  ['Семинар «Инфекционная безопасность в ЛПУ»', 4, [NURSING, SURGERY], 5, 11, 13, 1],
  ['Вебинар «Поликлиническая терапия: диспансерное наблюдение»', 2, [THERAPY, GP], 1, 1, 29, 1],
  ['Школа неврологов «Боль в спине»', 4, [NEUROLOGY, GP, THERAPY], 1, 12, 4, 1],
];

const PROGRAMMES: Programme[] = [
  [
    'ДПП ПК «Актуальные вопросы терапии»',
    36,
    [THERAPY],
    1,
    [
      [2, 2],
      [4, 6],
      [9, 14],
    ],
  ],
  [
    'ДПП ПК «Терапия» (144 часа)',
    144,
    [THERAPY],
    2,
    [
      [1, 20],
      [10, 5],
    ],
  ],
  [
    'ДПП ПК «Кардиология: современные методы диагностики и лечения»',
    72,
    [CARDIOLOGY],
    2,
    [
      [3, 2],
      [11, 9],
    ],
  ],
  [
    'ДПП ПК «Электрокардиография в практике врача»',
    36,
    [CARDIOLOGY, THERAPY, GP],
    3,
    [
      [2, 16],
      [5, 11],
      [10, 19],
    ],
  ],
  [
    'ДПП ПК «Педиатрия» (144 часа)',
    144,
    [PEDIATRICS],
    3,
    [
      [3, 9],
      [9, 21],
    ],
  ],
  ['ДПП ПК «Неонатальный скрининг и ведение новорождённых»', 36, [PEDIATRICS], 1, [[4, 13]]],
  [
    'ДПП ПК «Хирургия» (144 часа)',
    144,
    [SURGERY],
    2,
    [
      [2, 9],
      [10, 12],
    ],
  ],
  ['ДПП ПК «Эндоскопическая хирургия»', 72, [SURGERY], 3, [[5, 18]]],
  [
    'ДПП ПК «Сестринское дело в терапии»',
    36,
    [NURSING],
    5,
    [
      [2, 23],
      [6, 1],
      [10, 26],
    ],
  ],
  [
    'ДПП ПК «Сестринская помощь детям»',
    36,
    [NURSING, PEDIATRICS],
    5,
    [
      [3, 16],
      [11, 16],
    ],
  ],
  [
    'ДПП ПК «Общая врачебная практика (семейная медицина)»',
    144,
    [GP],
    1,
    [
      [1, 27],
      [9, 7],
    ],
  ],
  [
    'ДПП ПК «Неврология: цереброваскулярные заболевания»',
    36,
    [NEUROLOGY],
    2,
    [
      [4, 20],
      [11, 2],
    ],
  ],
];

const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, month: number, d: number) => `${year}-${pad(month)}-${pad(d)}`;
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A programme cycle lasts about a week per 36 hours. */
const cycleDays = (credits: number) => Math.ceil(credits / 36) * 7 - 3;

/** The seed elements, dated from `year`: events and cycles this year and the next. */
export function seedElements(year: number): SeedElement[] {
  let n = 0;
  let c = 0;
  const elements: SeedElement[] = [];
  for (const [title, credits, specialties, provider, description] of IOMS) {
    elements.push({
      id: elementId(++n),
      type: 'iom',
      providerId: providerId(provider),
      title,
      description,
      credits,
      specialties,
      startsOn: null,
      endsOn: null,
      cycles: [],
    });
  }
  EVENTS.forEach(([title, credits, specialties, provider, month, d, days], i) => {
    const startsOn = day(year + (i % 3 === 2 ? 1 : 0), month, d);
    elements.push({
      id: elementId(++n),
      type: 'event',
      providerId: providerId(provider),
      title,
      description: `Образовательное мероприятие, ${credits} ЗЕТ. Код подтверждения участия выдаётся после мероприятия.`,
      credits,
      specialties,
      startsOn,
      endsOn: plusDays(startsOn, days - 1),
      cycles: [],
    });
  });
  for (const [title, credits, specialties, provider, starts] of PROGRAMMES) {
    const cycles = starts.flatMap(([month, d]) =>
      [year, year + 1].map((y) => {
        const startsOn = day(y, month, d);
        return { id: cycleId(++c), startsOn, endsOn: plusDays(startsOn, cycleDays(credits)) };
      }),
    );
    elements.push({
      id: elementId(++n),
      type: 'programme',
      providerId: providerId(provider),
      title,
      description: `Дополнительная профессиональная программа повышения квалификации, ${credits} ч. Очная форма с применением дистанционных технологий.`,
      credits,
      specialties,
      startsOn: cycles.map((x) => x.startsOn).sort()[0] ?? null,
      endsOn:
        cycles
          .map((x) => x.endsOn)
          .sort()
          .at(-1) ?? null,
      cycles,
    });
  }
  return elements;
}
