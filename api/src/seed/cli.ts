import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../database/data-source';
import { ensureDatabase } from '../database/ensure-database';
import { DEMO_ACCOUNTS, DEMO_COLLABORATION, DEMO_PASSWORD, demoIsSeeded, seedDemoIfEmpty } from './seed';

/**
 * `node api/dist/seed/cli.js` (or `npm run seed -w @constellation/api`): create the database if
 * needed, apply migrations, seed the demo when there is no collaboration yet, print the accounts.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const seeded = await seedDemoIfEmpty(ds);
    const present = seeded || (await demoIsSeeded(ds));
    if (seeded) console.log(`Seeded the demo: ${DEMO_COLLABORATION.name} (/${DEMO_COLLABORATION.slug}).`);
    else if (present) console.log(`The demo is already seeded: ${DEMO_COLLABORATION.name}.`);
    else console.log('The database already has collaborations (or demo accounts); nothing seeded.');
    if (present) printAccounts();
  } finally {
    await ds.destroy();
  }
}

function printAccounts(): void {
  console.log(`\nDemo accounts (every one signs in with the password "${DEMO_PASSWORD}"):\n`);
  const emailWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  const roleWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.role.length));
  for (const a of DEMO_ACCOUNTS) {
    console.log(
      `  ${a.email.padEnd(emailWidth)}  ${a.role.padEnd(roleWidth)}  ${a.name} (${a.title}), ${a.organisation}`,
    );
  }
}

main().catch((err) => {
  console.error('Seeding failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
