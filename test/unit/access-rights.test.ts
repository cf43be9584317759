// The rights matrix (domain/access-rights.ts) is well-formed and says what docs/decisions.md says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCESS_LEVELS,
  ACCESS_RIGHTS,
  effectiveRights,
  hasRight,
  isAccessLevel,
  isAccessRight,
  levelRights,
  memberHasRight,
  RIGHT_LABELS,
  RIGHTS_MATRIX,
  rightsBeyond,
} from '../../domain/access-rights.ts';

describe('access rights matrix', () => {
  it('has the four levels and the eighteen rights of the seed, with Russian labels and snake_case ids', () => {
    assert.deepEqual([...ACCESS_LEVELS], ['user', 'accountant', 'administrator', 'support']);
    assert.equal(ACCESS_RIGHTS.length, 18);
    assert.equal(new Set(ACCESS_RIGHTS).size, ACCESS_RIGHTS.length);
    for (const right of ACCESS_RIGHTS) {
      assert.match(right, /^[a-z]+(_[a-z]+)*$/);
      assert.match(RIGHT_LABELS[right], /[А-Яа-яЁё]/, `${right} has a Russian label`);
    }
    assert.equal(new Set(Object.values(RIGHT_LABELS)).size, ACCESS_RIGHTS.length, 'labels are distinct');
  });

  it('defines every level × every right as a boolean, and nothing else', () => {
    assert.deepEqual(Object.keys(RIGHTS_MATRIX).sort(), [...ACCESS_RIGHTS].sort());
    for (const right of ACCESS_RIGHTS) {
      assert.deepEqual(Object.keys(RIGHTS_MATRIX[right]).sort(), [...ACCESS_LEVELS].sort(), right);
      for (const level of ACCESS_LEVELS)
        assert.equal(typeof RIGHTS_MATRIX[right][level], 'boolean', `${level}/${right}`);
    }
  });

  it('gives the owner every right', () => {
    for (const right of ACCESS_RIGHTS) assert.equal(hasRight('owner', right), true, right);
    for (const level of ACCESS_LEVELS) {
      assert.deepEqual(effectiveRights({ level, isOwner: true, grantedRights: [] }), ACCESS_RIGHTS);
    }
    assert.deepEqual(levelRights('owner'), ACCESS_RIGHTS);
  });

  it('pins the decisions: basics for everyone, money for accountants, technique for support', () => {
    for (const level of ACCESS_LEVELS) {
      for (const right of ['email_notifications', 'internet_support', 'tariff_info'] as const) {
        assert.equal(hasRight(level, right), true, `${level}/${right}`);
      }
      assert.equal(
        hasRight(level, 'partner_cabinet'),
        false,
        `only the owner has the partner cabinet (${level})`,
      );
    }
    assert.deepEqual(levelRights('user'), ['email_notifications', 'internet_support', 'tariff_info']);
    assert.equal(hasRight('accountant', 'invoices_and_acts'), true);
    assert.equal(hasRight('accountant', 'users_and_sessions'), false);
    assert.equal(hasRight('support', 'users_and_sessions'), true);
    assert.equal(hasRight('support', 'invoices_and_acts'), false);
    assert.equal(hasRight('support', 'buy_storage'), false);
    assert.deepEqual(
      ACCESS_RIGHTS.filter((r) => !hasRight('administrator', r)),
      ['partner_cabinet'],
      'the administrator has nearly everything',
    );
  });

  it('every level has the user basics, so levels only add', () => {
    const basics = levelRights('user');
    for (const level of ACCESS_LEVELS) assert.deepEqual(rightsBeyond(levelRights(level), basics), [], level);
  });

  it('grants add to the level, in the matrix order, and unknown ids are ignored', () => {
    const member = { level: 'user' as const, isOwner: false, grantedRights: ['rdp_access', 'no_such_right'] };
    assert.deepEqual(effectiveRights(member), [
      'email_notifications',
      'internet_support',
      'tariff_info',
      'rdp_access',
    ]);
    assert.equal(memberHasRight(member, 'rdp_access'), true);
    assert.equal(memberHasRight(member, 'database_management'), false);
    assert.deepEqual(rightsBeyond(levelRights('support'), levelRights('administrator')), [
      'organization_details',
      'invoices_and_acts',
      'buy_consultations',
      'yearly_services',
      'database_quota',
      'buy_storage',
      'virtual_server',
    ]);
  });

  it('recognises levels and rights by id only', () => {
    assert.equal(isAccessLevel('administrator'), true);
    assert.equal(isAccessLevel('owner'), false);
    assert.equal(isAccessRight('rdp_access'), true);
    assert.equal(isAccessRight('toString'), false);
  });
});
