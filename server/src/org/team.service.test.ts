import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { MemberRole, TeamKind } from './enums.js';
import { createMember } from './member.service.js';
import { Team } from './team.entity.js';
import { archiveTeam, createTeam, setTeamManager, updateTeam } from './team.service.js';

let db: TestOrm;
beforeAll(async () => {
  db = await openTestOrm();
});
afterAll(() => db?.close());

async function rejected(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const team = (name: string, parentId?: number) =>
  db.em().transactional((em) => createTeam(em, { name, kind: TeamKind.GEOGRAPHIC, parentId }));

describe('team tree', () => {
  it('keeps the path of every team from the root down', async () => {
    const root = await team('Россия');
    const region = await team('Сибирь', root.id);
    const city = await team('Новосибирск', region.id);
    expect(root.path).toBe(`/${root.id}/`);
    expect(city.path).toBe(`/${root.id}/${region.id}/${city.id}/`);
    expect(city.depth).toBe(2);
    expect(city.ancestorIds).toEqual([root.id, region.id]);
  });

  it('moves a whole subtree when a team changes parent', async () => {
    const a = await team('Запад');
    const b = await team('Восток');
    const child = await team('Дочерняя', a.id);
    const grandchild = await team('Внучка', child.id);
    await db.em().transactional((em) => updateTeam(em, child.id, { parentId: b.id }));
    const reloaded = await db.em().find(Team, { id: { $in: [child.id, grandchild.id] } }, { orderBy: { id: 'asc' } });
    expect(reloaded.map((t) => t.path)).toEqual([`/${b.id}/${child.id}/`, `/${b.id}/${child.id}/${grandchild.id}/`]);
    expect(reloaded[0].parent?.id).toBe(b.id);
  });

  it('refuses to make a team its own ancestor, and changes nothing', async () => {
    const top = await team('Верх');
    const middle = await team('Середина', top.id);
    const bottom = await team('Низ', middle.id);
    for (const parentId of [top.id, bottom.id]) {
      const error = await rejected(db.em().transactional((em) => updateTeam(em, top.id, { parentId, name: 'Переименована' })));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.details).toMatchObject({ field: 'parentId', rule: 'no-cycle' });
    }
    const unchanged = await db.em().findOneOrFail(Team, top.id);
    expect(unchanged).toMatchObject({ name: 'Верх', path: `/${top.id}/`, parent: null });
  });

  it('refuses a second active sibling with the same name', async () => {
    const parent = await team('Родитель');
    await team('Близнец', parent.id);
    const error = await rejected(team('близнец', parent.id));
    expect(error.details).toMatchObject({ field: 'name', rule: 'unique-name' });
    expect(error.code).toBe('CONFLICT');
  });

  it('accepts only an active MANAGER as manager', async () => {
    const t = await team('Команда с руководителем');
    const rep = await db.em().transactional((em) =>
      createMember(em, {
        fullName: 'Петров Пётр',
        email: 'p.petrov@test.ru',
        role: MemberRole.REP,
        teamId: t.id,
        hireDate: '2024-01-01',
      }),
    );
    const error = await rejected(db.em().transactional((em) => setTeamManager(em, t.id, rep.id)));
    expect(error.details).toMatchObject({ field: 'managerId', rule: 'manager-role' });
    const boss = await db.em().transactional((em) =>
      createMember(em, {
        fullName: 'Сидорова Анна',
        email: 'a.sidorova@test.ru',
        role: MemberRole.MANAGER,
        teamId: t.id,
        hireDate: '2020-01-01',
      }),
    );
    const updated = await db.em().transactional((em) => setTeamManager(em, t.id, boss.id));
    expect(updated.manager?.id).toBe(boss.id);
  });

  it('archives only empty teams and keeps them readable', async () => {
    const parent = await team('Архивируемая');
    const child = await team('Дочерняя архивируемой', parent.id);
    const error = await rejected(db.em().transactional((em) => archiveTeam(em, parent.id)));
    expect(error.details).toMatchObject({ rule: 'team-has-children' });
    await db.em().transactional((em) => archiveTeam(em, child.id));
    const archived = await db.em().transactional((em) => archiveTeam(em, parent.id));
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(await db.em().findOne(Team, parent.id)).not.toBeNull();
  });

  it('names the field of a missing parent', async () => {
    const error = await rejected(team('Сирота', 999_999));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details.field).toBe('parentId');
  });
});
