import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayslipContent } from '../../db/entities/payslip.ts';
import { ApiError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { PayslipInput } from './views.ts';

/** How many bad fields a 422 lists; `invalidCount` always counts every bad row. */
const FIELDS_LISTED = 200;
/** How many unknown employees the 202 lists; `unknownCount` always counts them all. */
const UNKNOWN_LISTED = 1000;

type FieldError = { index: number; field: string; message: string };

/** Checks every row; any bad row answers 422 naming its index and field (the first 200 listed). */
export function checkPayslipRows(rows: unknown[]): PayslipInput[] {
  const valid: PayslipInput[] = [];
  const fields: FieldError[] = [];
  let invalidCount = 0;
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const parsed = PayslipInput.safeParse(row);
    if (!parsed.success) {
      invalidCount += 1;
      for (const f of fieldErrors(parsed.error, `payslips.${index}`)) fields.push({ index, ...f });
      return;
    }
    const key = parsed.data.employeeId ? `id:${parsed.data.employeeId}` : `ext:${parsed.data.externalId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      invalidCount += 1;
      const field = parsed.data.employeeId ? 'employeeId' : 'externalId';
      fields.push({
        index,
        field: `payslips.${index}.${field}`,
        message: `the same employee as payslips.${first}`,
      });
      return;
    }
    seen.set(key, index);
    valid.push(parsed.data);
  });
  if (invalidCount > 0) throw invalidRows(fields, invalidCount);
  return valid;
}

function invalidRows(fields: FieldError[], invalidCount: number): ApiError {
  const first = fields[0]!;
  return new ApiError(422, 'validation_failed', `${first.field}: ${first.message}`, {
    fields: fields.slice(0, FIELDS_LISTED),
    invalidCount,
  });
}

export interface ResolvedPayslips {
  rows: { employeeId: string; content: PayslipContent }[];
  unknown: { index: number; employeeId?: string; externalId?: string }[];
  unknownCount: number;
}

/**
 * Finds each row's employee in the organization (by id or externalId) in one statement. Rows whose
 * employee is unknown are reported, not published; two rows naming one employee are a 422.
 */
export async function resolvePayslipEmployees(
  em: EntityManager,
  organizationId: string,
  rows: PayslipInput[],
): Promise<ResolvedPayslips> {
  const keys = rows.map((r, idx) => ({
    idx,
    employeeId: r.employeeId ?? null,
    externalId: r.externalId ?? null,
  }));
  const found = await em.execute<{ idx: number; employee_id: string | null }[]>(
    `select i.idx, coalesce(e1.id, e2.id) as employee_id
     from jsonb_to_recordset(?::jsonb) as i(idx int, "employeeId" uuid, "externalId" text)
     left join employees e1 on e1.id = i."employeeId" and e1.organization_id = ?
     left join employees e2 on i."employeeId" is null and e2.organization_id = ? and e2.external_id = i."externalId"`,
    [JSON.stringify(keys), organizationId, organizationId],
  );
  const byIndex = new Map(found.map((f) => [f.idx, f.employee_id]));
  const resolved: ResolvedPayslips = { rows: [], unknown: [], unknownCount: 0 };
  const firstIndexOf = new Map<string, number>();
  const duplicates: FieldError[] = [];
  rows.forEach((row, index) => {
    const employeeId = byIndex.get(index);
    if (!employeeId) {
      resolved.unknownCount += 1;
      if (resolved.unknown.length < UNKNOWN_LISTED) {
        resolved.unknown.push({
          index,
          ...(row.employeeId ? { employeeId: row.employeeId } : { externalId: row.externalId }),
        });
      }
      return;
    }
    const first = firstIndexOf.get(employeeId);
    if (first !== undefined) {
      duplicates.push({
        index,
        field: `payslips.${index}.${row.employeeId ? 'employeeId' : 'externalId'}`,
        message: `the same employee as payslips.${first}`,
      });
      return;
    }
    firstIndexOf.set(employeeId, index);
    const content: PayslipContent = {
      lines: row.lines,
      ...(row.net !== undefined ? { net: row.net } : {}),
      ...(row.position !== undefined ? { position: row.position } : {}),
      ...(row.department !== undefined ? { department: row.department } : {}),
    };
    resolved.rows.push({ employeeId, content });
  });
  if (duplicates.length > 0) throw invalidRows(duplicates, duplicates.length);
  return resolved;
}
