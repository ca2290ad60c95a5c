import { DataSource, EntitySchema } from 'typeorm';
import { ENTITIES, dataSourceOptions } from '@tramites/persistence';
import { createTestDatabase, type TestDatabase } from '@tramites/testing';

/**
 * The migrations are the schema (ADR 0010). Whatever TypeORM entities the data source
 * declares must describe the migrated schema exactly: CI fails when they drift.
 */
describe('entities and migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema_drift');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const pendingQueries = async (entities: NonNullable<ConstructorParameters<typeof DataSource>[0]['entities']>): Promise<string[]> => {
    const ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 1 }), entities } as ConstructorParameters<typeof DataSource>[0]);
    await ds.initialize();
    try {
      return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    } finally {
      await ds.destroy();
    }
  };

  it("the data source's entities want no change to the migrated schema", async () => {
    expect(dataSourceOptions({ url: db.url }).synchronize).toBe(false);
    expect(await pendingQueries(ENTITIES)).toEqual([]);
  });

  it('catches an entity that no longer matches the migrations (the check can fail)', async () => {
    // An entity for the read model that forgot most of its columns, as the old ones had.
    const stale = new EntitySchema({
      name: 'StaleCase',
      tableName: 'cases',
      columns: { id: { type: 'uuid', primary: true }, status: { type: 'text' }, holderName: { name: 'holder_name', type: 'varchar', length: 40 } },
    });
    const queries = await pendingQueries([stale]);
    expect(queries.some((q) => /ALTER TABLE "cases" DROP COLUMN "last_event_seq"/.test(q))).toBe(true);
  });
});
