import { createPgDatabase, skipUnlessPg } from '../helpers/databases.js';
import { adapterSuite } from './suite.js';

adapterSuite('postgres', {
  skip: skipUnlessPg,
  async create() {
    const db = await createPgDatabase();
    return { url: db.url, drop: db.drop };
  },
});
