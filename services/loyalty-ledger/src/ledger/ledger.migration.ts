import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The points ledger. `journal_entries` + `journal_lines` are the books: append-only (a trigger
 * refuses UPDATE and DELETE; the only exception is the erasure path, which may rewrite the
 * customer id and nothing else) and double-entry (a deferred constraint trigger refuses to commit
 * an entry whose lines do not sum to zero). `customer_balances` and `lots` are derived from the
 * lines in the same transaction, and `check-invariants` proves they still equal the sums.
 */
export class CreateLedger1733000000000 implements MigrationInterface {
  name = 'CreateLedger1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.journal_entries (
        seq         bigserial   PRIMARY KEY,
        entry_key   text        NOT NULL UNIQUE,
        customer_id text        NOT NULL,
        kind        text        NOT NULL,
        posted_at   timestamptz NOT NULL,
        details     jsonb       NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX journal_entries_customer ON ${s}.journal_entries (customer_id, seq)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.journal_lines (
        entry_seq   bigint NOT NULL REFERENCES ${s}.journal_entries (seq),
        line_no     integer NOT NULL,
        customer_id text   NOT NULL,
        account     text   NOT NULL CHECK (account IN ('available', 'locked', 'recovery', 'issued', 'redeemed', 'expired', 'adjustments')),
        points      bigint NOT NULL CHECK (points <> 0),
        lot_id      text,
        memo        text,
        PRIMARY KEY (entry_seq, line_no)
      )`);
    await queryRunner.query(`CREATE INDEX journal_lines_customer ON ${s}.journal_lines (customer_id)`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('loyalty.erasure', true) = 'on'
           AND (to_jsonb(NEW) - 'customer_id') = (to_jsonb(OLD) - 'customer_id') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the loyalty journal is append-only (% on %)', TG_OP, TG_TABLE_NAME;
      END $$`);
    for (const table of ['journal_entries', 'journal_lines']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${s}.${table} FOR EACH ROW EXECUTE FUNCTION ${s}.journal_append_only()`,
      );
    }
    await queryRunner.query(`
      CREATE FUNCTION ${s}.journal_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total bigint;
      BEGIN
        SELECT sum(points) INTO total FROM ${s}.journal_lines WHERE entry_seq = NEW.entry_seq;
        IF total <> 0 THEN RAISE EXCEPTION 'journal entry % does not balance (sum %)', NEW.entry_seq, total; END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER journal_lines_balance AFTER INSERT ON ${s}.journal_lines
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${s}.journal_entry_balances()`);
    await queryRunner.query(`
      CREATE TABLE ${s}.customer_balances (
        customer_id text   PRIMARY KEY,
        available   bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
        locked      bigint NOT NULL DEFAULT 0 CHECK (locked >= 0),
        recovery    bigint NOT NULL DEFAULT 0 CHECK (recovery <= 0),
        issued      bigint NOT NULL DEFAULT 0,
        redeemed    bigint NOT NULL DEFAULT 0,
        expired     bigint NOT NULL DEFAULT 0,
        adjustments bigint NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (recovery = 0 OR available = 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.lots (
        lot_id      text        PRIMARY KEY,
        customer_id text        NOT NULL,
        earned_at   timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        unlock_at   timestamptz,
        locked      bigint      NOT NULL CHECK (locked >= 0),
        available   bigint      NOT NULL CHECK (available >= 0),
        expired     bigint      NOT NULL CHECK (expired >= 0)
      )`);
    await queryRunner.query(`CREATE INDEX lots_customer ON ${s}.lots (customer_id)`);
    await queryRunner.query(`CREATE INDEX lots_to_unlock ON ${s}.lots (unlock_at) WHERE locked > 0`);
    await queryRunner.query(`CREATE INDEX lots_to_expire ON ${s}.lots (expires_at) WHERE locked + available > 0`);
    await queryRunner.query(`
      CREATE TABLE ${s}.tier_state (
        customer_id   text        PRIMARY KEY,
        tier          text        NOT NULL CHECK (tier IN ('basic', 'silver', 'gold', 'diamond')),
        tier_since    timestamptz,
        review_due_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX tier_state_review_due ON ${s}.tier_state (review_due_at) WHERE review_due_at IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.expiry_notices (
        id          bigserial   PRIMARY KEY,
        lot_id      text        NOT NULL UNIQUE,
        customer_id text        NOT NULL,
        noticed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.redemption_requests (
        request_id  text        PRIMARY KEY,
        customer_id text        NOT NULL,
        body_hash   text        NOT NULL,
        status_code integer     NOT NULL,
        response    jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${queryRunner.connection.driver.schema}"`;
    for (const table of [
      'redemption_requests',
      'expiry_notices',
      'tier_state',
      'lots',
      'customer_balances',
      'journal_lines',
      'journal_entries',
    ]) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION ${s}.journal_entry_balances()`);
    await queryRunner.query(`DROP FUNCTION ${s}.journal_append_only()`);
  }
}
