import { createMysqlDatabase, skipUnlessMysql } from '../helpers/mysql.js';
import { adapterSuite } from './suite.js';

adapterSuite('mysql', {
  skip: skipUnlessMysql,
  async create() {
    const db = await createMysqlDatabase();
    return { url: db.url, drop: db.drop };
  },
}, {
  // No deferrable constraints; every statement may run in a transaction (DDL commits it instead).
  // MariaDB without performance_schema names a lock holder by its connection, not its pid.
  lockHolderPid: false,
  capabilities: { transactionalDdl: false, savepoints: true },
});
