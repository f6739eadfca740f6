import { Injectable } from '@nestjs/common';
import { PRIOR_SCORING_PARAMETERS, type ScoringParameters } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredParameterSet {
  version: string;
  fittedAt: string;
  activatedAt: string | null;
  active: boolean;
  parameters: ScoringParameters;
}

interface ParameterRow {
  version: string;
  parameters: ScoringParameters;
  fitted_at: Date;
  activated_at: Date | null;
  active: boolean;
}

/** Versioned parameter sets; the active one (or the prior, before any fit) is what every score uses. */
@Injectable()
export class ParameterStore {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = `"${schemaOf(dataSource)}".parameter_sets`;
  }

  /** Read per batch rather than cached, so every instance switches as soon as a refit commits. */
  async active(manager: EntityManager = this.dataSource.manager): Promise<ScoringParameters> {
    const [row]: { parameters: ScoringParameters }[] = await manager.query(`SELECT parameters FROM ${this.table} WHERE active`);
    return row?.parameters ?? PRIOR_SCORING_PARAMETERS;
  }

  /** The id of the next parameter set, reserved before fitting so the fit can carry its version. */
  async reserveId(): Promise<number> {
    const [row]: { id: string }[] = await this.dataSource.query(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id`, [this.table]);
    return Number(row!.id);
  }

  /** Stores a fitted set and makes it the active one, atomically. */
  async storeAndActivate(id: number, parameters: ScoringParameters, fittedAt: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE ${this.table} SET active = false WHERE active`);
      await manager.query(`INSERT INTO ${this.table} (id, version, parameters, fitted_at, activated_at, active) VALUES ($1, $2, $3, $4, now(), true)`, [
        id,
        parameters.version,
        JSON.stringify(parameters),
        fittedAt,
      ]);
    });
  }

  /** When the newest stored set was fitted, if any: the schedule skips a refit another instance just did. */
  async lastFittedAt(): Promise<Date | undefined> {
    const [row]: { fitted_at: Date | null }[] = await this.dataSource.query(`SELECT max(fitted_at) AS fitted_at FROM ${this.table}`);
    return row?.fitted_at ?? undefined;
  }

  /** The newest sets first. */
  async history(limit: number): Promise<StoredParameterSet[]> {
    const rows: ParameterRow[] = await this.dataSource.query(
      `SELECT version, parameters, fitted_at, activated_at, active FROM ${this.table} ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      version: row.version,
      fittedAt: row.fitted_at.toISOString(),
      activatedAt: row.activated_at?.toISOString() ?? null,
      active: row.active,
      parameters: row.parameters,
    }));
  }
}
