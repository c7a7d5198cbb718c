import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';
import { ensureDatabase } from './ensure-database';

/** `npm run migrate -w @constellation/api`: create the database if needed and apply migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  const applied = await ds.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date');
  await ds.destroy();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
