// Who may hand out which rights in a tenant, and whom they may manage (PRODUCT.md §5): no one gives
// more than they hold, nor manages someone who outranks them. Pure: the caller turns a refusal into
// its 403.
import {
  ACCESS_RIGHTS,
  effectiveRights,
  rightsBeyond,
  type AccessRight,
  type MemberAccess,
} from './access-rights.ts';

/** The one acting: the owner (and the organization key and the operator, who act as the owner) or a member. */
export interface Granter {
  isOwner: boolean;
  rights: readonly AccessRight[];
}

export interface GrantRefusal {
  code: 'cannot_grant_rights' | 'cannot_manage_member';
  message: string;
  /** The rights the granter lacks, when that is the reason. */
  rights?: AccessRight[];
}

/** Rights in the matrix's order, each once. */
export const rightSet = (rights: readonly AccessRight[]): AccessRight[] =>
  ACCESS_RIGHTS.filter((right) => rights.includes(right));

/**
 * No one hands out more than they hold: a member who is not the owner may only give levels and
 * rights they have themselves (the owner, the API key and the operator may give anything).
 */
export function grantRefusal(granter: Granter, wanted: MemberAccess): GrantRefusal | null {
  if (granter.isOwner) return null;
  const beyond = rightsBeyond(granter.rights, effectiveRights({ ...wanted, isOwner: false }));
  if (beyond.length === 0) return null;
  return {
    code: 'cannot_grant_rights',
    message: `you cannot give rights you do not have: ${beyond.join(', ')}`,
    rights: beyond,
  };
}

/**
 * Nor manage someone who outranks them: the owner is managed only by the owner, the API key or the
 * operator; another member only by someone who holds every right that member has.
 */
export function manageRefusal(granter: Granter, target: MemberAccess): GrantRefusal | null {
  if (granter.isOwner) return null;
  if (target.isOwner) {
    return {
      code: 'cannot_manage_member',
      message: 'only the owner or the organization key may change the owner',
    };
  }
  const beyond = rightsBeyond(granter.rights, effectiveRights(target));
  if (beyond.length === 0) return null;
  return { code: 'cannot_manage_member', message: 'this user has rights you do not have', rights: beyond };
}
