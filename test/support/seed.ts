/** Object mothers: a team with a supervisor and reps, and customers, written straight to the test store. */
import type { Store } from '../../src/persistence/connection.ts';
import { naturalKey } from '../../src/domain/customers/rules.ts';
import { teamKey } from '../../src/persistence/models/teams.ts';
import type { Role } from '../../src/core/identity.ts';

export async function seedUser(store: Store, u: { consoleId: string; name: string; role?: Role; teamId?: string; email?: string; timeZone?: string; language?: 'zh-CN' | 'en' }) {
  const doc = await store.models.User.create({ name: u.name, role: u.role ?? 'rep', teamId: u.teamId, email: u.email, timeZone: u.timeZone, language: u.language, consoleId: u.consoleId });
  await store.models.Identity.create({ _id: `console:${u.consoleId}`, platform: 'console', platformUserId: u.consoleId, userId: doc._id });
  return { id: String(doc._id), consoleId: u.consoleId, teamId: u.teamId ? String(u.teamId) : undefined };
}

export async function seedTeam(store: Store, name: string, timeZone = 'Asia/Shanghai') {
  const team = await store.models.Team.create({ name, key: teamKey(name), timeZone });
  return String(team._id);
}

export async function seedCustomer(
  store: Store,
  c: { name: string; aliases?: string[]; ownerId: string; teamId?: string; status?: 'prospect' | 'active' | 'dormant' | 'lost'; tier?: 'A1' | 'A2' | 'B1' | 'B2' | 'C' | 'D'; creditLimit?: number; annualRevenue?: number },
) {
  const doc = await store.models.Customer.create({ ...c, key: naturalKey(c.name), status: c.status ?? 'active' });
  return String(doc._id);
}

/** The standard cast: team 华东一组 with supervisor 王主管 and reps 张三 and 李四; 张三 owns 华为 and 宁德时代, 李四 owns 比亚迪. */
export async function seedTeamWithCustomers(store: Store) {
  const teamId = await seedTeam(store, '华东一组');
  const supervisor = await seedUser(store, { consoleId: 'wang', name: '王主管', role: 'supervisor', teamId });
  const zhang = await seedUser(store, { consoleId: 'zhang', name: '张三', teamId, email: 'zhang@example.com' });
  const li = await seedUser(store, { consoleId: 'li', name: '李四', teamId, language: 'en' });
  const outsider = await seedUser(store, { consoleId: 'zhao', name: '赵六' });
  await store.models.Team.updateOne({ _id: teamId }, { $set: { supervisorId: supervisor.id } });
  const huawei = await seedCustomer(store, { name: '华为技术有限公司', aliases: ['华为', 'Huawei'], ownerId: zhang.id, teamId, tier: 'A1', creditLimit: 1_000_000 });
  const catl = await seedCustomer(store, { name: '宁德时代新能源科技股份有限公司', aliases: ['宁德时代', 'CATL'], ownerId: zhang.id, teamId, tier: 'A2' });
  const byd = await seedCustomer(store, { name: '比亚迪股份有限公司', aliases: ['比亚迪', 'BYD'], ownerId: li.id, teamId, tier: 'B1' });
  const crvanguard = await seedCustomer(store, { name: '华润万家', aliases: [], ownerId: zhang.id, teamId });
  const crland = await seedCustomer(store, { name: '华润置地', aliases: [], ownerId: zhang.id, teamId });
  return { teamId, supervisor, zhang, li, outsider, customers: { huawei, catl, byd, crvanguard, crland } };
}
