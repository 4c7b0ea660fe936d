import { createMysqlDatabase, skipUnlessMysql } from '../helpers/mysql.js';
import { adapterSuite } from './suite.js';

adapterSuite('mysql', {
  skip: skipUnlessMysql,
  async create() {
    const db = await createMysqlDatabase();
    return { url: db.url, drop: db.drop };
  },
});
