import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const NEWS_SUBSCRIPTION_STATUSES = ['pending', 'active', 'unsubscribed'] as const;

/** A news subscription with double opt-in; only SHA-256 hashes of its link tokens are stored. */
export const NewsSubscription = defineEntity({
  name: 'NewsSubscription',
  tableName: 'news_subscriptions',
  properties: {
    email: p.text().primary(),
    status: p.enum(NEWS_SUBSCRIPTION_STATUSES),
    confirmTokenHash: p.text().nullable().hidden(),
    confirmExpiresAt: p.datetime().nullable(),
    unsubscribeTokenHash: p.text().hidden(),
    userId: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    requestedAt: p.datetime(),
    confirmedAt: p.datetime().nullable(),
    unsubscribedAt: p.datetime().nullable(),
  },
});
export type NewsSubscription = InferEntity<typeof NewsSubscription>;
