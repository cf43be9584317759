/**
 * Who may administer an organization's service (PRODUCT.md §1): an employee still employed, with an
 * e-mail (the trial's notices) and a mobile phone (the invitation SMS).
 */
export type ServiceAdminProblem = 'not_employed' | 'missing_email' | 'missing_phone';

export function serviceAdminProblem(employee: {
  employed: boolean;
  email?: string | null;
  phone?: string | null;
}): ServiceAdminProblem | null {
  if (!employee.employed) return 'not_employed';
  if (!employee.email) return 'missing_email';
  if (!employee.phone) return 'missing_phone';
  return null;
}
