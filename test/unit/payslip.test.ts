import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatRubles,
  payslipIdFromShort,
  payslipTotals,
  periodLabel,
  shortPayslipId,
} from '../../domain/payslip.ts';

describe('payslip rules', () => {
  it('names the period in Russian', () => {
    const table: [string, string][] = [
      ['2026-01', 'январь 2026'],
      ['2026-03', 'март 2026'],
      ['2025-12', 'декабрь 2025'],
    ];
    for (const [period, label] of table) assert.equal(periodLabel(period), label);
  });

  it('writes rubles as Russian documents do', () => {
    const table: [number, string][] = [
      [0, '0,00'],
      [5, '5,00'],
      [1234.5, '1\u00a0234,50'],
      [1234567.891, '1\u00a0234\u00a0567,89'],
      [-100, '−100,00'],
    ];
    for (const [amount, text] of table) assert.equal(formatRubles(amount), text);
  });

  it('sums the lines in kopecks; the net is what the HR system said, else the remainder', () => {
    const lines = [
      { kind: 'accrual' as const, name: 'Оклад', amount: 0.1 },
      { kind: 'accrual' as const, name: 'Премия', amount: 0.2 },
      { kind: 'deduction' as const, name: 'НДФЛ', amount: 0.05 },
      { kind: 'payment' as const, name: 'Аванс', amount: 0.1 },
    ];
    assert.deepEqual(payslipTotals(lines), { accrued: 0.3, deducted: 0.05, paid: 0.1, net: 0.15 });
    assert.equal(payslipTotals(lines, 42).net, 42);
  });

  it('shortens a payslip id for SMS links and reads it back', () => {
    const id = '6f1c1b8e-4a43-4b4e-9d38-1d1f3d3f3f3f';
    const short = shortPayslipId(id);
    assert.equal(short.length, 22);
    assert.equal(payslipIdFromShort(short), id);
    for (const bad of ['', 'abc', `${short}x`, 'a'.repeat(21) + '!'])
      assert.equal(payslipIdFromShort(bad), undefined, bad);
  });
});
