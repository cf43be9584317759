import { randomUUID } from 'node:crypto';
import { Provider } from '../../db/entities/index.ts';
import { isValidInn } from '../../domain/inn.ts';
import { newProviderKey, sha256 } from '../../integrations/crypto/tokens.ts';
import { requireOperator } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, keysetId } from '../http/cursor.ts';
import { invalidField, notFound } from '../http/errors.ts';
import { keysetPage, type Page, type PageInput } from './paging.ts';
import type { NewProvider, ProviderRow } from './provider-views.ts';

/** Educational providers: registered by the operator, each with its own key (kpr_…). */
export function createProviderService({ em, log }: ServiceDeps) {
  return {
    /** The key is returned once and stored hashed. */
    async create(actor: Actor | undefined, input: NewProvider): Promise<{ provider: Provider; key: string }> {
      requireOperator(actor);
      if (input.inn && !isValidInn(input.inn))
        throw invalidField('inn', 'INN must be 10 or 12 digits with valid checksums');
      const key = newProviderKey();
      const provider = em.create(Provider, {
        id: randomUUID(),
        name: input.name,
        inn: input.inn || null,
        keyHash: sha256(key),
        createdAt: new Date(),
      });
      await em.flush();
      log.info({ providerId: provider.id }, 'provider created');
      return { provider, key };
    },

    /** A new key; the old one stops working (e.g. for seeded providers). */
    async rotateKey(
      actor: Actor | undefined,
      providerId: string,
    ): Promise<{ provider: Provider; key: string }> {
      requireOperator(actor);
      const provider = await em.findOne(Provider, providerId);
      if (!provider) throw notFound('provider');
      const key = newProviderKey();
      provider.keyHash = sha256(key);
      await em.flush();
      log.info({ providerId }, 'provider key issued');
      return { provider, key };
    },

    /** Providers by name, for anyone (like the catalog). */
    async list(page: PageInput): Promise<Page<ProviderRow>> {
      const afterId = keysetId(decodeCursor(page.cursor, 1));
      // The cursor is the last id; its name is looked up, so long names never make long cursors.
      const rows = await em.execute<{ id: string; name: string; inn: string | null }[]>(
        `select id, name, inn from providers
         where ?::uuid is null or (name, id) > (select name, id from providers where id = ?::uuid)
         order by name, id limit ?`,
        [afterId, afterId, page.limit + 1],
      );
      return keysetPage(rows, page.limit, (last) => [last.id]);
    },
  };
}
