import { LoginEvent, Session, User } from '../../db/entities/index.ts';
import { checkPasswordStrength } from '../../domain/password-policy.ts';
import { requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, invalidField, notFound } from '../http/errors.ts';
import {
  accountLocked,
  checkLocked,
  clearFailures,
  lockoutLimits,
  loginThrottleKey,
  recordFailure,
} from '../security/lockout.ts';
import { verifyPassword } from '../security/passwords.ts';
import { setNewPassword } from './recovery-service.ts';

/** The logged-in user's own account: profile, password, live sessions, connection history. */
export function createProfileService(deps: ServiceDeps) {
  const { em, env } = deps;

  async function ownUser(actor: Actor | undefined): Promise<{ user: User; sessionId: string }> {
    const { userId, sessionId } = requireUser(actor);
    const user = await em.findOne(User, userId);
    if (!user) throw notFound('user');
    return { user, sessionId };
  }

  return {
    async profile(actor: Actor | undefined): Promise<User> {
      return (await ownUser(actor)).user;
    },

    /** The cabinet page's user: null for an anonymous visitor (the page sends them to log in). */
    async cabinetUser(actor: Actor | undefined): Promise<User | null> {
      return actor?.kind === 'user' ? em.findOne(User, actor.userId) : null;
    },

    /**
     * A wrong current password is 422 on `currentPassword` and counts toward the login lockout
     * (429 `account_locked` once locked). With PASSWORD_CHANGE_ENDS_SESSIONS every other session ends.
     */
    async changePassword(
      actor: Actor | undefined,
      input: { currentPassword: string; password: string },
    ): Promise<{ sessionsEnded: number }> {
      const { user, sessionId } = await ownUser(actor);
      const key = loginThrottleKey(env.KABINET_SECRET, user.login);
      const locked = await checkLocked(em, key);
      if (locked) throw accountLocked(locked.lockedForSeconds);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        const failure = await recordFailure(em, key, lockoutLimits(env));
        if (failure.locked) throw accountLocked(failure.retryAfterSeconds ?? 1);
        throw invalidField('currentPassword', 'Неверный текущий пароль', 'invalid_credentials');
      }
      await clearFailures(em, key);
      if (input.password === input.currentPassword) {
        throw invalidField('password', 'Новый пароль совпадает с текущим', 'weak_password');
      }
      const strength = checkPasswordStrength(input.password);
      if (!strength.ok) throw invalidField('password', strength.reason, 'weak_password');
      const { sessionsEnded } = await setNewPassword(deps, user.id, input.password, {
        keepSessionId: sessionId,
      });
      return { sessionsEnded };
    },

    /** Live sessions (not ended, not expired, not idle too long), the most recently seen first. */
    async listSessions(actor: Actor | undefined): Promise<{ sessions: Session[]; currentSessionId: string }> {
      const { userId, sessionId } = requireUser(actor);
      const now = Date.now();
      const sessions = await em.find(
        Session,
        {
          userId,
          revokedAt: null,
          expiresAt: { $gt: new Date(now) },
          lastSeenAt: { $gt: new Date(now - env.SESSION_IDLE_TIMEOUT) },
        },
        { orderBy: { lastSeenAt: 'desc' }, limit: 500 },
      );
      return { sessions, currentSessionId: sessionId };
    },

    async endSession(actor: Actor | undefined, id: string): Promise<void> {
      const { userId } = requireUser(actor);
      const ended = await em.nativeUpdate(
        Session,
        { id, userId, revokedAt: null },
        { revokedAt: new Date() },
      );
      if (!ended) throw notFound('session');
    },

    /** Ends every session of mine but this one; answers how many. */
    async endOtherSessions(actor: Actor | undefined): Promise<number> {
      const { userId, sessionId } = requireUser(actor);
      return em.nativeUpdate(
        Session,
        { userId, revokedAt: null, id: { $ne: sessionId } },
        { revokedAt: new Date() },
      );
    },

    /** My login attempts, newest first, a page at a time. */
    async connectionHistory(
      actor: Actor | undefined,
      page: { limit: number; cursor?: string },
    ): Promise<{ events: LoginEvent[]; nextCursor: string | null }> {
      const { userId } = requireUser(actor);
      const after = decodeCursor(page.cursor, 1)?.[0];
      if (after !== undefined && !/^\d{1,19}$/.test(after)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const events = await em.find(
        LoginEvent,
        { userId, ...(after ? { id: { $lt: after } } : {}) },
        { orderBy: { id: 'desc' }, limit: page.limit + 1 },
      );
      const items = events.slice(0, page.limit);
      return {
        events: items,
        nextCursor: events.length > page.limit ? encodeCursor([String(items.at(-1)!.id)]) : null,
      };
    },
  };
}
