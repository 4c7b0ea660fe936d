// The TypeScript equivalent of yoyo's
//   backend = get_backend(url); migrations = read_migrations(path)
//   with backend.lock(): backend.apply_migrations(backend.to_apply(migrations))
// Run it: npm run build && npx tsx examples/library.ts   (SHALE_EXAMPLE_DB to use another database)
import { computeStatus, createMigrator, loadMigrations, localDirSource, openAdapter, planUp } from 'shale';

const adapter = await openAdapter(process.env['SHALE_EXAMPLE_DB'] ?? 'sqlite:example.db'); // get_backend
const migrator = createMigrator({ adapter, sources: ['examples/migrations'] });
migrator.on('migration:done', ({ id, durationMs }) => console.log(`applied ${id} in ${durationMs} ms`));
try {
  const { migrations } = await loadMigrations([localDirSource('examples/migrations')]); // read_migrations
  await migrator.withLock(async () => {
    // backend.lock()
    await adapter.history.ensure();
    const toApply = planUp(computeStatus(migrations, await adapter.history.list())).migrations; // to_apply
    console.log(`${toApply.length} to apply: ${toApply.map((m) => m.id).join(', ') || 'none'}`);
    const result = await migrator.up(); // apply_migrations (inside the same lock)
    if (result.error) throw result.error;
  });
} finally {
  await adapter.close();
}
