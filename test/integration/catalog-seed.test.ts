// The local stack's demo catalog: idempotent, and every element as the API itself would accept it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkElementInput } from '../../api/education/catalog-service.ts';
import { CatalogElementInput } from '../../api/education/catalog-views.ts';
import { loadElements } from '../../db/queries/catalog-elements.ts';
import { seedCatalog } from '../../db/seeds/catalog-seed.ts';
import { createTestDatabase } from '../support/database.ts';

describe('catalog seed', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db?.drop());

  it('fills the catalog once; a second run adds and changes nothing', async () => {
    const first = await seedCatalog(db.orm.em.fork(), 2026);
    assert.equal(first.providers, 5);
    assert.ok(first.elements >= 35 && first.elements <= 45, `${first.elements} elements`);
    assert.ok(first.cycles > 0);
    const em = db.orm.em.fork();
    const snapshot = () =>
      em.execute(`select e.*, (select json_agg(pc order by pc.id) from programme_cycles pc where pc.element_id = e.id) as c
                  from catalog_elements e order by e.id`);
    const before = await snapshot();
    // Another year would date things differently, but nothing already there changes.
    assert.deepEqual(await seedCatalog(db.orm.em.fork(), 2027), { providers: 0, elements: 0, cycles: 0 });
    assert.deepEqual(await snapshot(), before);
  });

  it('has every type across specialties, each element valid by the API rules', async () => {
    const em = db.orm.em.fork();
    const ids = (await em.execute<{ id: string }[]>('select id from catalog_elements order by id')).map(
      (r) => r.id,
    );
    const elements = await loadElements(em, ids);
    const types = new Set(elements.map((e) => e.type));
    assert.deepEqual([...types].sort(), ['event', 'iom', 'programme']);
    const specialties = new Set(elements.flatMap((e) => e.specialties));
    for (const s of ['Терапия', 'Кардиология', 'Педиатрия', 'Хирургия', 'Сестринское дело']) {
      assert.ok(specialties.has(s), s);
    }
    assert.equal(new Set(elements.map((e) => e.title)).size, elements.length, 'titles are unique');
    for (const e of elements) {
      const input = CatalogElementInput.parse({
        type: e.type,
        title: e.title,
        description: e.description,
        credits: e.credits,
        specialties: e.specialties,
        ...(e.type === 'programme'
          ? { cycles: e.cycles.map(({ startsOn, endsOn }) => ({ startsOn, endsOn })) }
          : {}),
        ...(e.type !== 'programme' && e.startsOn
          ? { startsOn: e.startsOn, endsOn: e.endsOn ?? undefined }
          : {}),
        ...(e.type === 'event' ? { minAttendanceMinutes: e.minAttendanceMinutes ?? undefined } : {}),
      });
      const checked = checkElementInput(input);
      assert.deepEqual([checked.startsOn, checked.endsOn], [e.startsOn, e.endsOn], e.title);
      if (e.type === 'programme') assert.ok(e.cycles.length > 0, `${e.title} has cycles`);
    }
  });
});
