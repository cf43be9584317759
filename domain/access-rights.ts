/**
 * Access levels of a tenant's users and the rights they grant (PRODUCT.md §5, scloud.ru's
 * "Справка по уровням доступа"). The seed lists the rights but its check marks were lost, so the
 * matrix below is ours; docs/decisions.md explains it. It is data, in this one place: every tenant
 * endpoint asks `hasRight`/`effectiveRights`, and the tests derive their expectations from it.
 *
 * A member's rights are those of their level plus any rights granted to them individually
 * (`grantedRights`); the owner (main user) has every right whatever the level.
 */

export const ACCESS_LEVELS = ['user', 'accountant', 'administrator', 'support'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ACCESS_LEVEL_LABELS: Readonly<Record<AccessLevel, string>> = {
  user: 'Пользователь',
  accountant: 'Бухгалтер',
  administrator: 'Администратор',
  support: 'Техподдержка',
};

/** The rights in the seed's order, with its Russian labels. Ids are stable: clients store them. */
export const RIGHT_LABELS = {
  email_notifications: 'Настройка e-mail уведомлений',
  internet_support: 'Интернет-поддержка пользователей',
  tariff_info: 'Информация о тарифе и услугах',
  organization_details: 'Управление реквизитами организации',
  invoices_and_acts: 'Доступ к счетам и актам',
  buy_consultations: 'Приобретение консультаций 1С',
  yearly_services: 'Подключение годовых сервисов 1С-Отчетность',
  mssql_management: 'Управление Microsoft SQL',
  database_quota: 'Управление квотой на базы',
  rdp_access: 'Управление доступом к RDP',
  configuration_package: 'Изменение пакета конфигураций',
  database_management: 'Управление базами',
  users_and_sessions: 'Управление пользователями и сеансами',
  secure_folders: 'Управление безопасными каталогами',
  buy_storage: 'Приобретение ГБ',
  virtual_server: 'Виртуальный сервер',
  partner_cabinet: 'Партнерский кабинет',
  main_user_info: 'Информация об основном пользователе',
} as const;

export type AccessRight = keyof typeof RIGHT_LABELS;
export const ACCESS_RIGHTS = Object.keys(RIGHT_LABELS) as AccessRight[];

/**
 * The matrix: for every right, whether each level has it. Every cell is spelled out so a missing
 * one is a type error, and a reviewer reads a right's row at a glance.
 *   user — the basics every employee of the client needs (notifications, support, what is paid for);
 *   accountant — adds money and documents (details, invoices, purchases of consultations and
 *     yearly services) and the main user's contacts;
 *   administrator — nearly everything, but not the partner cabinet (the owner's own business with
 *     the provider: referral payouts);
 *   support — the technical rights (SQL, RDP, configurations, databases, users and sessions, secure
 *     folders), nothing that spends money.
 */
type Row = Readonly<Record<AccessLevel, boolean>>;
const Y = true;
const N = false;

export const RIGHTS_MATRIX: Readonly<Record<AccessRight, Row>> = {
  email_notifications: /*   */ { user: Y, accountant: Y, administrator: Y, support: Y },
  internet_support: /*      */ { user: Y, accountant: Y, administrator: Y, support: Y },
  tariff_info: /*           */ { user: Y, accountant: Y, administrator: Y, support: Y },
  organization_details: /*  */ { user: N, accountant: Y, administrator: Y, support: N },
  invoices_and_acts: /*     */ { user: N, accountant: Y, administrator: Y, support: N },
  buy_consultations: /*     */ { user: N, accountant: Y, administrator: Y, support: N },
  yearly_services: /*       */ { user: N, accountant: Y, administrator: Y, support: N },
  mssql_management: /*      */ { user: N, accountant: N, administrator: Y, support: Y },
  database_quota: /*        */ { user: N, accountant: N, administrator: Y, support: N },
  rdp_access: /*            */ { user: N, accountant: N, administrator: Y, support: Y },
  configuration_package: /* */ { user: N, accountant: N, administrator: Y, support: Y },
  database_management: /*   */ { user: N, accountant: N, administrator: Y, support: Y },
  users_and_sessions: /*    */ { user: N, accountant: N, administrator: Y, support: Y },
  secure_folders: /*        */ { user: N, accountant: N, administrator: Y, support: Y },
  buy_storage: /*           */ { user: N, accountant: N, administrator: Y, support: N },
  virtual_server: /*        */ { user: N, accountant: N, administrator: Y, support: N },
  partner_cabinet: /*       */ { user: N, accountant: N, administrator: N, support: N },
  main_user_info: /*        */ { user: N, accountant: Y, administrator: Y, support: Y },
};

export const isAccessLevel = (value: string): value is AccessLevel =>
  (ACCESS_LEVELS as readonly string[]).includes(value);
export const isAccessRight = (value: string): value is AccessRight => Object.hasOwn(RIGHT_LABELS, value);

/** Whether a level has a right by the matrix alone (no individual grants); the owner has every right. */
export function hasRight(level: AccessLevel | 'owner', right: AccessRight): boolean {
  return level === 'owner' || RIGHTS_MATRIX[right][level];
}

export function levelRights(level: AccessLevel | 'owner'): AccessRight[] {
  return ACCESS_RIGHTS.filter((right) => hasRight(level, right));
}

/** Who a member is in a tenant: the level, the rights granted on top of it, and ownership. */
export interface MemberAccess {
  level: AccessLevel;
  isOwner: boolean;
  grantedRights: readonly string[];
}

/** The member's rights, in the matrix's order: every right for the owner, else level ∪ granted. */
export function effectiveRights(member: MemberAccess): AccessRight[] {
  if (member.isOwner) return [...ACCESS_RIGHTS];
  const granted = new Set(member.grantedRights);
  return ACCESS_RIGHTS.filter((right) => hasRight(member.level, right) || granted.has(right));
}

export function memberHasRight(member: MemberAccess, right: AccessRight): boolean {
  return member.isOwner || hasRight(member.level, right) || member.grantedRights.includes(right);
}

/** The rights of `wanted` that `holder` does not have (none: the holder may hand them out). */
export function rightsBeyond(holder: readonly AccessRight[], wanted: readonly AccessRight[]): AccessRight[] {
  const held = new Set(holder);
  return wanted.filter((right) => !held.has(right));
}
