import pg from 'pg';

/** Run statements on `url` in batches of `size` (one transaction for thousands would exhaust the lock table). */
export async function execBatches(url: string, statements: readonly string[], size: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < statements.length; i += size) await c.query(statements.slice(i, i + size).join('\n'));
  } finally {
    await c.end();
  }
}
