// Pure rules of payslips (расчётные листки): the period's Russian name, money as Russian documents
// write it, and the totals of a payslip's lines.

const MONTHS = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
] as const;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** '2026-03' → 'март 2026'. */
export function periodLabel(period: string): string {
  const [year, month] = period.split('-');
  const name = MONTHS[Number(month) - 1];
  return name ? `${name} ${year}` : period;
}

/** 1234567.5 → '1 234 567,50' (a no-break space between thousands, a comma before kopecks). */
export function formatRubles(amount: number): string {
  const negative = amount < 0;
  const [whole, fraction] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '−' : ''}${grouped},${fraction}`;
}

export interface PayslipLine {
  kind: 'accrual' | 'deduction' | 'payment';
  name: string;
  amount: number;
}

export interface PayslipTotals {
  accrued: number;
  deducted: number;
  paid: number;
  /** What the HR system said is due, or accrued − deducted − paid when it did not say. */
  net: number;
}

/** Sums in kopecks, so 0.1 + 0.2 is 0.30. */
export function payslipTotals(lines: PayslipLine[], net?: number): PayslipTotals {
  const sum = (kind: PayslipLine['kind']) =>
    lines.filter((l) => l.kind === kind).reduce((total, l) => total + Math.round(l.amount * 100), 0);
  const accrued = sum('accrual');
  const deducted = sum('deduction');
  const paid = sum('payment');
  return {
    accrued: accrued / 100,
    deducted: deducted / 100,
    paid: paid / 100,
    net: net ?? (accrued - deducted - paid) / 100,
  };
}

/** The outbox rows of a publication (its notifications and reminders) carry this source kind and its id. */
export const PAYSLIP_SOURCE_KIND = 'payslip_publication';
export const PAYSLIP_PUBLISHED_KIND = 'payslip_published';
export const PAYSLIP_REMINDER_KIND = 'payslip_reminder';

/** Stable outbox id of a payslip's notification (round 0) or reminder (round n): a retry adds nothing. */
export const payslipMessageId = (payslipId: string, round: number): string =>
  `payslip-${payslipId}-n${round}`;

/** A payslip id as 22 base64url characters, for the short SMS link `/p/<short>`. */
export function shortPayslipId(payslipId: string): string {
  return Buffer.from(payslipId.replace(/-/g, ''), 'hex').toString('base64url');
}

/** The payslip id of a short link, or undefined when it is not one. */
export function payslipIdFromShort(short: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/.test(short)) return undefined;
  const hex = Buffer.from(short, 'base64url').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
