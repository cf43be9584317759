import { serviceDeps, type AppContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { fieldErrors } from '../http/validation.ts';
import { createProductService } from './service.ts';
import { OrganizationSchema, registrationView } from './views.ts';

interface FieldSpec {
  name: string;
  label: string;
  type?: string;
  maxlength: number;
  required: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'registrationNumber', label: 'Регистрационный номер', maxlength: 40, required: true },
  { name: 'pin', label: 'PIN-код', maxlength: 64, required: true },
  { name: 'kind', label: 'Владелец лицензии', maxlength: 10, required: true },
  {
    name: 'name',
    label: 'Наименование организации (для физического лица — ФИО)',
    maxlength: 500,
    required: true,
  },
  {
    name: 'inn',
    label: 'ИНН (10 цифр для организации, 12 — для физического лица)',
    maxlength: 12,
    required: true,
  },
  { name: 'head', label: 'Руководитель', maxlength: 300, required: true },
  { name: 'activityType', label: 'Тип основной деятельности', maxlength: 300, required: true },
  { name: 'phone', label: 'Номер телефона', type: 'tel', maxlength: 40, required: true },
  { name: 'email', label: 'Адрес электронной почты', type: 'email', maxlength: 320, required: true },
  { name: 'country', label: 'Страна', maxlength: 100, required: true },
  { name: 'placeOfPurchase', label: 'Место покупки', maxlength: 500, required: true },
  { name: 'purchaseDate', label: 'Дата приобретения', type: 'date', maxlength: 10, required: true },
  { name: 'workplaces', label: 'Число рабочих мест', type: 'number', maxlength: 6, required: true },
  { name: 'responsiblePerson', label: 'Ответственный сотрудник', maxlength: 300, required: true },
  { name: 'kpp', label: 'КПП (только для организации)', maxlength: 9, required: false },
  { name: 'address', label: 'Адрес (только для организации)', maxlength: 1000, required: false },
];

const LIMITS = Object.fromEntries(FIELDS.map((f) => [f.name, f.maxlength])) as Record<string, number>;

/** What the page says about a wrong field (the API names the field in English). */
const MESSAGES: Record<string, string> = {
  registrationNumber: 'Регистрационный номер — от 6 до 16 цифр.',
  pin: 'Неверный регистрационный номер или PIN-код.',
  kind: 'Выберите владельца лицензии.',
  name: 'Укажите наименование организации или ФИО.',
  inn: 'Неверный ИНН: у организации 10 цифр, у физического лица 12, контрольные цифры должны совпадать.',
  head: 'Укажите руководителя.',
  activityType: 'Укажите тип основной деятельности.',
  phone: 'Номер телефона — от 10 до 15 цифр.',
  email: 'Введите адрес электронной почты, например ivan@mail.ru.',
  country: 'Укажите страну.',
  placeOfPurchase: 'Укажите место покупки.',
  purchaseDate: 'Дата приобретения — не позже сегодняшнего дня.',
  workplaces: 'Число рабочих мест — целое число от 1.',
  responsiblePerson: 'Укажите ответственного сотрудника.',
  kpp: 'КПП — 9 цифр; физическое лицо его не указывает.',
  address: 'Адрес указывает только организация.',
};

/** How many of the user's products the page lists. */
const LISTED = 100;

async function view(c: AppContext, form: Record<string, string>, errors: Record<string, string>) {
  const { items } = await createProductService(serviceDeps(c)).list(c.var.actor, { limit: LISTED });
  const products = items.map(registrationView);
  const kind = form.kind === 'person' ? 'person' : 'company';
  return {
    products,
    registered: null as string | null,
    alert: Object.keys(errors).length ? { message: 'Проверьте отмеченные поля.', link: null } : null,
    fields: FIELDS.map((f) => ({
      ...f,
      type: f.type ?? 'text',
      value: f.name === 'pin' ? '' : (form[f.name] ?? ''),
      error: errors[f.name] ?? null,
      options:
        f.name === 'kind'
          ? [
              { value: 'company', label: 'Организация', selected: kind === 'company' },
              { value: 'person', label: 'Физическое лицо', selected: kind === 'person' },
            ]
          : null,
    })),
  };
}

/** The organization object of the posted form: empty optional fields are left out. */
function organizationOf(form: Record<string, string>): Record<string, unknown> {
  const organization: Record<string, unknown> = { kind: form.kind };
  for (const f of FIELDS.slice(3)) {
    const value = form[f.name] ?? '';
    if (!f.required && value.trim() === '') continue;
    organization[f.name] = f.name === 'workplaces' ? Number(value || 'NaN') : value;
  }
  return organization;
}

/**
 * GET/POST /its/products (1С:ИТС): my products and the registration form (registration number, PIN,
 * the organization or person). Anonymous visitors go to /login. Errors are shown by the field.
 */
export const productPages = pageApp()
  .get('/its/products', resolveActor, async (c) => {
    if (c.var.actor?.kind !== 'user') return c.redirect('/login', 303);
    return renderPage(c, 'its-products', await view(c, { kind: 'company', country: 'Россия' }, {}));
  })
  .post('/its/products', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    if (c.var.actor?.kind !== 'user') return c.redirect('/login', 303);
    const form = await readForm(c, LIMITS);
    const errors: Record<string, string> = {};
    const parsed = OrganizationSchema.safeParse(organizationOf(form));
    if (!parsed.success) {
      for (const { field } of fieldErrors(parsed.error)) {
        const name = field.split('.')[0] ?? field;
        errors[name] = MESSAGES[name] ?? 'Проверьте это поле.';
      }
      return renderPage(c, 'its-products', await view(c, form, errors), 422);
    }
    try {
      const row = await createProductService(serviceDeps(c)).register(c.var.actor, {
        registrationNumber: form.registrationNumber ?? '',
        pin: form.pin ?? '',
        organization: parsed.data,
      });
      const page = await view(c, { kind: 'company', country: 'Россия' }, {});
      return renderPage(c, 'its-products', { ...page, registered: row.product_name });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const page = await view(c, form, {});
      if (err.status === 422) {
        const field = (err.details?.fields as { field: string }[] | undefined)?.[0]?.field ?? 'pin';
        const name = field.replace(/^organization\./, '');
        errors[name] = MESSAGES[name] ?? 'Проверьте это поле.';
        return renderPage(c, 'its-products', await view(c, form, errors), 422);
      }
      if (err.status === 409 || err.status === 429) {
        const message =
          err.status === 409
            ? 'Этот продукт уже зарегистрирован.'
            : 'Слишком много неверных PIN-кодов. Повторите попытку позже.';
        if (err.headers) for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
        return renderPage(c, 'its-products', { ...page, alert: { message, link: null } }, err.status);
      }
      throw err;
    }
  });
