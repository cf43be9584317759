import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An account at an external identity provider (OIDC), linked to a user; one per user and provider. */
export const UserIdentity = defineEntity({
  name: 'UserIdentity',
  tableName: 'user_identities',
  properties: {
    provider: p.text().primary(),
    subject: p.text().primary(),
    userId: p.uuid(),
    issuer: p.text(),
    email: p.text().nullable(),
    linkedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type UserIdentity = InferEntity<typeof UserIdentity>;

export const OIDC_MODES = ['login', 'link'] as const;

/** An OIDC authorization request in flight (short-lived, single use); the PKCE verifier is sealed. */
export const OidcState = defineEntity({
  name: 'OidcState',
  tableName: 'oidc_states',
  properties: {
    stateHash: p.text().primary(),
    codeVerifierSealed: p.text().hidden(),
    nonce: p.text().hidden(),
    mode: p.enum(OIDC_MODES),
    userId: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
});
export type OidcState = InferEntity<typeof OidcState>;
