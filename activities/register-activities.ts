import { ApplicationFailure } from '@temporalio/activity';
import { Specialist, SpecialistDocument } from '../db/entities/index.ts';
import { registerMismatch } from '../domain/register-match.ts';
import { RegisterError } from '../integrations/register/client.ts';
import type { ActivityDeps } from './deps.ts';

export type RegisterVerdict =
  | { outcome: 'confirmed' }
  /** Not (yet) in the register, or the register disagrees; the reason is stored on the document. */
  | { outcome: 'not_confirmed'; reason: string }
  /** The document was deleted (its specialist or user went away): nothing left to confirm. */
  | { outcome: 'document_gone' };

/** The failure type of "the register refuses our request" (4xx: bad token, bad request): a person must look. */
export const REGISTER_REJECTED_REQUEST = 'RegisterRejectedRequest';

export const NOT_IN_REGISTER = 'Документ не найден в ФРМР';

export function createRegisterActivities({ orm, register, clock, logger }: ActivityDeps) {
  return {
    /**
     * Asks the register about one document and writes down the answer: confirmed, or still
     * unconfirmed with the reason. Register outages are thrown plainly for Temporal to retry.
     */
    async checkDocumentInRegister({ documentId }: { documentId: string }): Promise<RegisterVerdict> {
      const em = orm.em.fork();
      const document = await em.findOne(SpecialistDocument, documentId);
      if (!document) return { outcome: 'document_gone' };
      if (document.registerStatus === 'confirmed') return { outcome: 'confirmed' };
      const specialist = await em.findOne(Specialist, document.specialistId);
      if (!specialist) return { outcome: 'document_gone' };

      const note = (fields: Partial<Pick<SpecialistDocument, 'registerStatus' | 'registerReason'>>) =>
        em.nativeUpdate(
          SpecialistDocument,
          { id: documentId, registerStatus: { $ne: 'confirmed' } },
          { ...fields, registerCheckedAt: clock() },
        );

      let lookup;
      try {
        lookup = await register.findDocument({
          kind: document.kind,
          series: document.series,
          number: document.number,
        });
      } catch (err) {
        if (!(err instanceof RegisterError)) throw err;
        logger.warn({ documentId, code: err.code, kind: err.kind }, 'register lookup failed');
        if (err.kind === 'permanent') {
          await note({
            registerReason: `ФРМР отклонил запрос (${err.code}); проверка остановлена до вмешательства оператора`,
          });
          throw ApplicationFailure.create({
            type: REGISTER_REJECTED_REQUEST,
            nonRetryable: true,
            message: err.reason,
          });
        }
        await note({
          registerReason: `ФРМР временно недоступен (${err.code}); проверка повторится автоматически`,
        });
        throw err;
      }

      const reason = lookup.found
        ? registerMismatch(
            { fullName: specialist.fullName, specialty: document.specialty, issuedOn: document.issuedOn },
            lookup,
          )
        : NOT_IN_REGISTER;
      if (reason === undefined) {
        await note({ registerStatus: 'confirmed', registerReason: null });
        logger.info({ documentId }, 'document confirmed by the register');
        return { outcome: 'confirmed' };
      }
      await note({ registerReason: reason });
      logger.info({ documentId, found: lookup.found }, 'document not confirmed by the register yet');
      return { outcome: 'not_confirmed', reason };
    },

    /** The last ask is over: the document stays not_found, with the last reason. */
    async markDocumentNotFound({
      documentId,
      reason,
    }: {
      documentId: string;
      reason: string;
    }): Promise<void> {
      await orm.em
        .fork()
        .nativeUpdate(
          SpecialistDocument,
          { id: documentId, registerStatus: { $ne: 'confirmed' } },
          { registerStatus: 'not_found', registerReason: reason, registerCheckedAt: clock() },
        );
    },
  };
}
