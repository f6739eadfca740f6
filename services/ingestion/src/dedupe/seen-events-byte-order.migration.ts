import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compares stream and event ids byte by byte (collation "C") instead of by the database's locale.
 * Ids are opaque, so locale order means nothing for them, and every claim compares each new id
 * against the primary key several times on its way down the index: in a locale collation each
 * comparison is a strcoll call. With the C collation the claim measured about 10% less Postgres CPU
 * per event on a C.UTF-8 database (more on locales such as en_US). Equality, and so deduplication,
 * is the same under both: these collations are deterministic.
 */
export class SeenEventsIdsInByteOrder1764028800000 implements MigrationInterface {
  name = 'SeenEventsIdsInByteOrder1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "${queryRunner.connection.driver.schema}".seen_events
        ALTER COLUMN stream TYPE text COLLATE "C",
        ALTER COLUMN event_id TYPE text COLLATE "C"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "${queryRunner.connection.driver.schema}".seen_events
        ALTER COLUMN stream TYPE text COLLATE "default",
        ALTER COLUMN event_id TYPE text COLLATE "default"`);
  }
}
