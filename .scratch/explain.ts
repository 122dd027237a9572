import knexFactory from 'knex';
import { createAnalyticsService } from '../core/analytics/service.js';
import { createFixedClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
const db = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const admin = await db('users').where({ role: 'admin' }).whereLike('username', 'bench-admin-%').first('id');
const team = await db('teams').whereLike('slug', 'bench-%').first('slug');
const metric = process.argv[2]!;
const scope = process.argv[3] === 'all' ? 'all' : `team:${team.slug}`;
const explain = process.argv[4] === 'explain';
const proxy = new Proxy(db, {
  get(target, prop) {
    if (prop === 'raw' && explain) return (sql: string, b: unknown) => { if (/^\s*(WITH|SELECT)/.test(sql) && sql.length > 300) return target.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, b as never).then((r: { rows: Array<Record<string, string>> }) => { console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n')); return { rows: [] }; }); return target.raw(sql, b as never); };
    const v = Reflect.get(target, prop);
    return typeof v === 'function' ? v.bind(target) : v;
  },
  apply(target, thisArg, args) { return Reflect.apply(target as never, thisArg, args); },
});
const analytics = createAnalyticsService({ db: explain ? (proxy as never) : db, clock: createFixedClock(new Date('2026-11-02T08:00:00Z')), logger: createLogger('error') });
const reader = { userId: admin.id, role: 'admin' as const };
const query = { from: '2025-11-03', to: '2026-11-01', timezone: 'Europe/Berlin', groupBy: 'week' as const, scope };
for (let i = 0; i < (explain ? 1 : 5); i++) {
  const t = performance.now();
  const r = await analytics.metric(metric, reader, query);
  if (!explain) console.log(metric, scope, (performance.now() - t).toFixed(1), 'ms', JSON.stringify(r).length);
}
await db.destroy();
