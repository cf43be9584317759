import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAdminProblem, type ServiceAdminProblem } from '../../domain/service-admin.ts';

describe('serviceAdminProblem', () => {
  const cases: Array<
    [
      employee: { employed: boolean; email: string | null; phone: string | null },
      expected: ServiceAdminProblem | null,
    ]
  > = [
    [{ employed: true, email: 'a@romashka.ru', phone: '+79161234567' }, null],
    [{ employed: false, email: 'a@romashka.ru', phone: '+79161234567' }, 'not_employed'],
    [{ employed: true, email: null, phone: '+79161234567' }, 'missing_email'],
    [{ employed: true, email: '', phone: '+79161234567' }, 'missing_email'],
    [{ employed: true, email: 'a@romashka.ru', phone: null }, 'missing_phone'],
    // The first problem is the one reported, in the order the API has always checked them.
    [{ employed: false, email: null, phone: null }, 'not_employed'],
    [{ employed: true, email: null, phone: null }, 'missing_email'],
  ];
  for (const [employee, expected] of cases) {
    it(`${JSON.stringify(employee)} → ${expected}`, () =>
      assert.equal(serviceAdminProblem(employee), expected));
  }
});
