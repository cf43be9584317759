import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { HttpCall } from './http.ts';
import type { TestSystem } from './system.ts';

export interface ElementBody {
  id: string;
  type: 'iom' | 'event' | 'programme';
  title: string;
  description: string | null;
  provider: { id: string; name: string };
  credits: number;
  specialties: string[];
  startsOn: string | null;
  endsOn: string | null;
  minAttendanceMinutes: number | null;
  cycles: { id: string; startsOn: string; endsOn: string }[];
}

type CatalogPage = { items: ElementBody[]; nextCursor: string | null };

export type CatalogFilter = Partial<
  Record<'type' | 'specialty' | 'provider' | 'from' | 'to' | 'minCredits' | 'maxCredits' | 'q', string>
>;

/** Adds an element with a provider key (or the operator's token and a providerId); asserts 201. */
export async function addElement(
  api: HttpCall,
  token: string,
  body: Record<string, unknown>,
): Promise<ElementBody> {
  const res = await api<ElementBody>('POST', '/v1/catalog/elements', { token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Every element a catalog query lists, walking all pages; fails on a duplicate. */
export async function listCatalog(api: HttpCall, filter: CatalogFilter, limit = 500): Promise<ElementBody[]> {
  const items: ElementBody[] = [];
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({
      ...filter,
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
    const res: { status: number; body: CatalogPage } = await api<CatalogPage>(
      'GET',
      `/v1/catalog?${query.toString()}`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'no element is listed twice');
  return items;
}

/** What the catalog's filters mean, written out independently of the SQL. */
export function matchesFilter(e: ElementBody, f: CatalogFilter): boolean {
  const from = f.from ?? '0000-01-01';
  const to = f.to ?? '9999-12-31';
  const overlaps = (s: string | null, end: string | null) =>
    (s ?? '0000-01-01') <= to && (end ?? '9999-12-31') >= from;
  const q = f.q?.toLowerCase();
  return (
    (!f.type || e.type === f.type) &&
    (!f.specialty || e.specialties.includes(f.specialty)) &&
    (!f.provider || e.provider.id === f.provider) &&
    (!f.minCredits || e.credits >= Number(f.minCredits)) &&
    (!f.maxCredits || e.credits <= Number(f.maxCredits)) &&
    (!q || e.title.toLowerCase().includes(q) || (e.description ?? '').toLowerCase().includes(q)) &&
    (!(f.from || f.to) ||
      (e.type === 'programme'
        ? e.cycles.some((c) => overlaps(c.startsOn, c.endsOn))
        : overlaps(e.startsOn, e.endsOn)))
  );
}

/** Credits written straight to the database, as the verification or an application would. */
export async function insertCredit(
  system: TestSystem,
  cycleId: string,
  source: 'iom' | 'event' | 'programme',
  credits: number,
  creditedOn: string,
  sourceId: string = randomUUID(),
): Promise<string> {
  await system.db.orm.em
    .fork()
    .execute(
      `insert into credit_entries (id, cycle_id, source, source_id, credits, credited_on) values (?, ?, ?, ?, ?, ?)`,
      [randomUUID(), cycleId, source, sourceId, credits, creditedOn],
    );
  return sourceId;
}
