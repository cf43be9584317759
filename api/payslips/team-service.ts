import { loadNotificationSettings } from '../../db/queries/notification-settings.ts';
import { periodLabel } from '../../domain/payslip.ts';
import { requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';

export interface UnreadEmployee {
  employeeId: string;
  externalId: string;
  fullName: string;
  position: string | null;
  department: string | null;
  payslipId: string;
  openedAt: Date | null;
  remindersSent: number;
}

export interface TeamUnread {
  publication: { id: string; period: string; periodLabel: string; title: string; createdAt: Date };
  /** The manager's direct reports in the publication. */
  teamTotal: number;
  items: UnreadEmployee[];
}

/**
 * The manager's own employees (direct reports: employees of the same organization whose
 * managerExternalId is the manager's externalId) whose payslip of the publication is not yet
 * acknowledged. The publication defaults to the newest one of an organization where the user is
 * an employee. 403 `feature_disabled` unless the organization lets managers see it; a publication
 * of an organization the user does not work for is 404.
 */
export function createTeamPayslipService({ em }: ServiceDeps) {
  return {
    /** Null when no organization of the user has published anything yet. */
    async unread(actor: Actor | undefined, publicationId?: string): Promise<TeamUnread | null> {
      const { userId } = requireUser(actor);
      const [publication] = await em.execute<
        {
          id: string;
          organization_id: string;
          period: string;
          title: string;
          created_at: Date;
          manager_external_id: string;
        }[]
      >(
        `select pub.id, pub.organization_id, pub.period, pub.title, pub.created_at, me.external_id as manager_external_id
       from employees me join payslip_publications pub on pub.organization_id = me.organization_id
       where me.user_id = ? and (?::uuid is null or pub.id = ?::uuid)
       order by pub.created_at desc, pub.id desc limit 1`,
        [userId, publicationId ?? null, publicationId ?? null],
      );
      if (!publication) {
        if (publicationId) throw notFound('publication');
        return null;
      }
      const settings = await loadNotificationSettings(em, publication.organization_id);
      if (!settings.managersSeeUnread) {
        throw new ApiError(
          403,
          'feature_disabled',
          "the organization does not show managers their employees' unread payslips",
        );
      }
      const rows = await em.execute<
        {
          employee_id: string;
          external_id: string;
          full_name: string;
          position: string | null;
          department: string | null;
          payslip_id: string;
          opened_at: Date | null;
          acknowledged_at: Date | null;
          reminders_sent: number;
        }[]
      >(
        `select e.id as employee_id, e.external_id, e.full_name, e.position, e.department, p.id as payslip_id,
              p.opened_at, p.acknowledged_at, p.reminders_sent
       from employees e join payslips p on p.employee_id = e.id and p.publication_id = ?
       where e.organization_id = ? and e.manager_external_id = ?
       order by e.full_name, e.id`,
        [publication.id, publication.organization_id, publication.manager_external_id],
      );
      return {
        publication: {
          id: publication.id,
          period: publication.period,
          periodLabel: periodLabel(publication.period),
          title: publication.title,
          createdAt: new Date(publication.created_at),
        },
        teamTotal: rows.length,
        items: rows
          .filter((r) => !r.acknowledged_at)
          .map((r) => ({
            employeeId: r.employee_id,
            externalId: r.external_id,
            fullName: r.full_name,
            position: r.position,
            department: r.department,
            payslipId: r.payslip_id,
            openedAt: r.opened_at ? new Date(r.opened_at) : null,
            remindersSent: r.reminders_sent,
          })),
      };
    },
  };
}
