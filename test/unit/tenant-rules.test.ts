// Pure rules of tenants: who may grant or manage whom (domain/tenant-grants.ts) and the checks of an
// organization's details (domain/organization-details.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCESS_RIGHTS, levelRights } from '../../domain/access-rights.ts';
import { checkDetailsChanges, normalizeContactPhone } from '../../domain/organization-details.ts';
import { grantRefusal, manageRefusal, rightSet } from '../../domain/tenant-grants.ts';

const admin = { isOwner: false, rights: levelRights('administrator') };
const support = { isOwner: false, rights: levelRights('support') };
const owner = { isOwner: true, rights: [...ACCESS_RIGHTS] };

describe('granting and managing tenant members', () => {
  it('the owner grants anything; a member only what they hold', () => {
    const partner = { level: 'user' as const, isOwner: false, grantedRights: ['partner_cabinet'] };
    assert.equal(grantRefusal(owner, partner), null);
    const refusal = grantRefusal(admin, partner);
    assert.equal(refusal?.code, 'cannot_grant_rights');
    assert.deepEqual(refusal?.rights, ['partner_cabinet']);
    assert.equal(grantRefusal(admin, { level: 'accountant', isOwner: false, grantedRights: [] }), null);
    assert.deepEqual(
      grantRefusal(support, { level: 'accountant', isOwner: false, grantedRights: [] })?.rights,
      ['organization_details', 'invoices_and_acts', 'buy_consultations', 'yearly_services'],
    );
  });

  it('no one but the owner manages the owner, nor a member with rights they lack', () => {
    const theOwner = { level: 'user' as const, isOwner: true, grantedRights: [] };
    assert.equal(manageRefusal(owner, theOwner), null);
    assert.deepEqual(manageRefusal(admin, theOwner), {
      code: 'cannot_manage_member',
      message: 'only the owner or the organization key may change the owner',
    });
    assert.equal(manageRefusal(admin, { level: 'support', isOwner: false, grantedRights: [] }), null);
    assert.equal(
      manageRefusal(support, { level: 'administrator', isOwner: false, grantedRights: [] })?.code,
      'cannot_manage_member',
    );
  });

  it('a set of rights comes in the matrix order, each once', () => {
    assert.deepEqual(rightSet(['users_and_sessions', 'tariff_info', 'users_and_sessions']), [
      'tariff_info',
      'users_and_sessions',
    ]);
  });
});

describe('organization details', () => {
  it('stores what is valid, in its normal form, and null clears', () => {
    assert.deepEqual(
      checkDetailsChanges({
        inn: ' 7707083893 ',
        phone: '+7 (495)  123-45-67',
        email: 'Office@Romashka.RU',
        kpp: null,
      }),
      {
        ok: true,
        changes: { inn: '7707083893', kpp: null, phone: '+7 (495) 123-45-67', email: 'office@romashka.ru' },
      },
    );
    assert.deepEqual(checkDetailsChanges({}), { ok: true, changes: {} });
    assert.deepEqual(checkDetailsChanges({ phone: null, email: null }), {
      ok: true,
      changes: { phone: null, email: null },
    });
  });

  it('names the first wrong field', () => {
    const field = (input: Parameters<typeof checkDetailsChanges>[0]) => {
      const check = checkDetailsChanges(input);
      return check.ok ? null : [check.field, check.code ?? 'validation_failed'];
    };
    assert.deepEqual(field({ inn: '7707083894' }), ['inn', 'invalid_inn']);
    assert.deepEqual(field({ phone: 'call me' }), ['phone', 'validation_failed']);
    assert.deepEqual(field({ email: 'nope' }), ['email', 'validation_failed']);
    assert.deepEqual(field({ inn: '1', email: 'nope' }), ['inn', 'invalid_inn']);
  });

  it('a contact phone is 5 to 20 digits with + ( ) - and spaces', () => {
    assert.equal(normalizeContactPhone(' 12-34-5 '), '12-34-5');
    assert.equal(normalizeContactPhone('1234'), null);
    assert.equal(normalizeContactPhone('+7 495 123 45 67 ext 2'), null);
    assert.equal(normalizeContactPhone('1'.repeat(21)), null);
  });
});
