import { z } from '@hono/zod-openapi';
import { HumanCheckAnswerSchema } from '../security/human-check.ts';

export const SubscribeBody = z.object({ email: z.string().max(320), humanCheck: HumanCheckAnswerSchema });

export const AcceptedSchema = z.object({ status: z.literal('accepted'), message: z.string() });
export const subscriptionAccepted = (): z.infer<typeof AcceptedSchema> => ({
  status: 'accepted',
  message:
    'Если адрес указан верно, на него придёт письмо. Откройте ссылку из письма, чтобы подтвердить подписку.',
});

export const UnsubscribeBody = z.object({ token: z.string().min(1).max(200) });
export const UnsubscribedSchema = z.object({ status: z.literal('unsubscribed') });

export const MySubscriptionSchema = z
  .object({
    email: z.string().nullable(),
    status: z.enum(['none', 'pending', 'active', 'unsubscribed']),
  })
  .openapi('MyNewsSubscription');

export const SetMySubscriptionBody = z.object({ subscribed: z.boolean() });
