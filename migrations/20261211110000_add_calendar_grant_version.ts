import type { Knex } from 'knex';

// Which grant a connection's credentials belong to: 1 when the account is first connected, one
// more each time it is connected again (a new grant), and unchanged when a session refreshes its
// tokens. A session that finds the grant revoked marks the connection needs_reconnect only while
// it still has the grant the session was opened with: a 401 for the old grant that arrives just
// after the user reconnected must not undo the reconnect.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calendar_connections', (t) => {
    t.integer('grant_version').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calendar_connections', (t) => {
    t.dropColumn('grant_version');
  });
}
