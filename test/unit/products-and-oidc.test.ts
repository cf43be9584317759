import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/http/errors.ts';
import { unsubscribeToken } from '../../api/news/service.ts';
import { seal, unseal } from '../../api/accounts/oidc-provider.ts';
import { checkOrganization } from '../../api/products/service.ts';
import type { OrganizationInput } from '../../api/products/views.ts';
import { moscowToday, normalizePin, normalizeRegistrationNumber } from '../../domain/product-registration.ts';
import { pinHash, pinMatches } from '../../integrations/crypto/licence-pin.ts';

const SECRET = 'unit-test-secret-0123456789';

const company: OrganizationInput = {
  kind: 'company',
  name: 'ООО «Ромашка»',
  inn: '7707083893',
  head: 'Петров П. П.',
  activityType: 'Торговля',
  phone: '+7 (495) 123-45-67',
  email: 'Office@Romashka.RU',
  country: 'Россия',
  placeOfPurchase: 'Партнёр',
  purchaseDate: '2026-01-10',
  workplaces: 3,
  responsiblePerson: 'Сидорова А.',
};

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return (err.details?.fields as { field: string }[] | undefined)?.[0]?.field;
    throw err;
  }
  return undefined;
};

describe('licence numbers and PINs', () => {
  it('normalises what people type and refuses the rest', () => {
    assert.equal(normalizeRegistrationNumber(' 800 100 001 '), '800100001');
    assert.equal(normalizeRegistrationNumber('80010A001'), null);
    assert.equal(normalizeRegistrationNumber('12345'), null);
    assert.equal(normalizePin('1234-5678 abcd'), '12345678ABCD');
    assert.equal(normalizePin('12'), null);
    assert.equal(normalizePin('12#4'), null);
  });

  it('a PIN hash is keyed and bound to the number', () => {
    const stored = pinHash(SECRET, '800100001', '1234');
    assert.ok(pinMatches(SECRET, '800100001', '1234', stored));
    assert.ok(!pinMatches(SECRET, '800100001', '1235', stored));
    assert.ok(!pinMatches(SECRET, '800100002', '1234', stored), 'the same PIN of another number');
    assert.ok(!pinMatches(`${SECRET}x`, '800100001', '1234', stored), 'another key');
    assert.ok(!pinMatches(SECRET, '800100001', '1234', 'not-hex'));
  });
});

describe('the organization form', () => {
  const today = '2026-11-29';
  it('accepts a company and a person, normalising the e-mail', () => {
    assert.equal(checkOrganization(company, today).email, 'office@romashka.ru');
    const person = { ...company, kind: 'person' as const, inn: '500100732259' };
    assert.equal(checkOrganization(person, today).inn, '500100732259');
  });
  it('names the wrong field', () => {
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, inn: '7707083894' }, today)),
      'organization.inn',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, inn: '500100732259' }, today)),
      'organization.inn',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, kind: 'person', inn: '7707083893' }, today)),
      'organization.inn',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, phone: '12-34' }, today)),
      'organization.phone',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, email: 'nope' }, today)),
      'organization.email',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, purchaseDate: '2026-11-30' }, today)),
      'organization.purchaseDate',
    );
    assert.equal(
      fieldOf(() => checkOrganization({ ...company, purchaseDate: today }, today)),
      undefined,
    );
  });
  it("today is Moscow's day", () => {
    assert.equal(moscowToday(new Date('2026-11-29T21:30:00Z')), '2026-11-30');
    assert.equal(moscowToday(new Date('2026-11-29T20:30:00Z')), '2026-11-29');
  });
});

describe('OIDC and news secrets', () => {
  it('seals the PKCE verifier so only the key opens it', () => {
    const sealed = seal(SECRET, 'verifier-abc');
    assert.ok(!sealed.includes('verifier-abc'));
    assert.notEqual(seal(SECRET, 'verifier-abc'), sealed, 'a fresh IV each time');
    assert.equal(unseal(SECRET, sealed), 'verifier-abc');
    assert.throws(() => unseal(`${SECRET}x`, sealed));
  });
  it('derives one unsubscribe token per address and key', () => {
    assert.equal(unsubscribeToken(SECRET, 'a@b.ru'), unsubscribeToken(SECRET, 'a@b.ru'));
    assert.notEqual(unsubscribeToken(SECRET, 'a@b.ru'), unsubscribeToken(SECRET, 'c@b.ru'));
    assert.notEqual(unsubscribeToken(SECRET, 'a@b.ru'), unsubscribeToken(`${SECRET}x`, 'a@b.ru'));
  });
});
