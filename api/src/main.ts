import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { createDataSource } from './database/data-source';
import { preflight, PreflightError } from './preflight';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from './seed/demo/accounts';
import { seedDemoIfEmpty } from './seed/seed';

/** pg_advisory_lock key for migrations + seeding (any constant bigint). */
const MIGRATION_LOCK = 7_462_001;

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);

  // Several api replicas may boot together: one migrates and seeds while the others wait.
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (applied.length) console.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    if (config.seedDemo && (await seedDemoIfEmpty(ds))) {
      console.log(`Seeded the demo collaboration: sign in as ${DEMO_ADMIN_EMAIL} with password ${DEMO_PASSWORD}`);
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  console.log(`Constellation is running at ${config.publicUrl} (listening on ${config.host}:${config.port})`);
}

main().catch((err) => {
  if (err instanceof PreflightError || err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Constellation could not start:', err);
  }
  process.exit(1);
});
