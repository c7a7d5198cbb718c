import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { createDataSource } from './database/data-source';
import { preflight, PreflightError } from './preflight';
import { seedDemoIfEmpty } from './seed/seed';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);

  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  if (config.seedDemo) await seedDemoIfEmpty(ds);
  await ds.destroy();

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  console.log(`Constellation is running at ${config.publicUrl}`);
}

main().catch((err) => {
  if (err instanceof PreflightError || err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Constellation could not start:', err);
  }
  process.exit(1);
});
