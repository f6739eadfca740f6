import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type BackendName, type ChurnModel, type SerializedChurnModel, deserializeChurnModel, initBackend, serializeChurnModel } from '@churn/churn-model';
import { LOGGER } from '@churn/observability';
import { schemaOf } from '@churn/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { ChurnPredictionConfig } from '../config';
import { CHURN_PREDICTION_CONFIG } from '../tokens';

/** How a candidate compared with the model it would replace, on the same validation customers. */
export interface ModelComparison {
  activeVersion: string | null;
  activeAuc: number | null;
  candidateAuc: number;
  validationExamples: number;
  activated: boolean;
}

export interface ModelSummary {
  version: string;
  source: 'seed' | 'retrain';
  kind: string;
  featureNames: string[];
  metrics: Record<string, unknown>;
  trainingWindow: { asOf: string; labelsUntil: string };
  comparison: ModelComparison | null;
  active: boolean;
  createdAt: string;
  activatedAt: string | null;
}

export interface Activation {
  version: string;
  previousVersion: string | null;
  reason: string;
  activatedAt: string;
}

export interface ActiveModel {
  version: string;
  model: ChurnModel;
}

interface ModelRow {
  version: string;
  source: 'seed' | 'retrain';
  kind: string;
  feature_names: string[];
  metrics: Record<string, unknown>;
  training_window: { asOf: string; labelsUntil: string };
  comparison: ModelComparison | null;
  active: boolean;
  created_at: Date;
  activated_at: Date | null;
}

export class UnknownModelError extends Error {}

/**
 * The model registry in Postgres, and the active model loaded in memory. Which version is active
 * is read per use (one indexed row), so every instance switches as soon as an activation commits;
 * the artifact is only loaded again when the version changed.
 */
@Injectable()
export class ModelRegistry implements OnModuleInit {
  private readonly models: string;
  private readonly activations: string;
  private loaded: ActiveModel | undefined;
  private loading: Promise<ActiveModel | undefined> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig,
  ) {
    const schema = schemaOf(dataSource);
    this.models = `"${schema}".models`;
    this.activations = `"${schema}".model_activations`;
  }

  /** Chooses the tfjs backend (once per process) before any model is loaded; logged. */
  async onModuleInit(): Promise<void> {
    await initBackend(this.logger, {}, this.config.TFJS_BACKENDS.split(',') as BackendName[]);
  }

  async isEmpty(): Promise<boolean> {
    const [row]: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM ${this.models}`);
    return Number(row!.n) === 0;
  }

  async activeVersion(): Promise<string | undefined> {
    const [row]: { version: string }[] = await this.dataSource.query(`SELECT version FROM ${this.models} WHERE active`);
    return row?.version;
  }

  /** The active model, loaded; undefined while the registry has none. */
  async active(): Promise<ActiveModel | undefined> {
    const version = await this.activeVersion();
    if (version === undefined) return undefined;
    if (this.loaded?.version === version) return this.loaded;
    this.loading ??= this.load(version).finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The model last used, without a database round trip (for /health/model). */
  get current(): ActiveModel | undefined {
    return this.loaded;
  }

  async model(version: string): Promise<ChurnModel> {
    const [row]: { artifact: SerializedChurnModel }[] = await this.dataSource.query(`SELECT artifact FROM ${this.models} WHERE version = $1`, [version]);
    if (!row) throw new UnknownModelError(`no model version ${version}`);
    return deserializeChurnModel(row.artifact, `model ${version}`, this.logger);
  }

  /** The next retrained version's number. */
  async nextVersion(): Promise<string> {
    const [row]: { id: string }[] = await this.dataSource.query(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id`, [this.models]);
    return `m${row!.id}`;
  }

  /** Stores a version (inactive). A version that exists already is left as it is (false). */
  async register(version: string, source: ModelSummary['source'], model: ChurnModel, comparison: ModelComparison | null, now: Date): Promise<boolean> {
    const artifact = await serializeChurnModel(model);
    const { metadata } = model;
    const chosen = metadata.candidates.find((c) => c.kind === metadata.kind);
    const metrics = { validationAuc: chosen?.validationAuc ?? null, validationEce: metadata.validationCalibration.ece, candidates: metadata.candidates, trainingExamples: metadata.trainingExamples, validationExamples: metadata.validationExamples, horizonDays: metadata.horizonDays, backend: metadata.backend };
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.models} (version, source, kind, artifact, feature_names, metrics, training_window, comparison, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [version, source, metadata.kind, JSON.stringify(artifact), JSON.stringify(metadata.featureNames), JSON.stringify(metrics), JSON.stringify(metadata.trainingWindow), comparison && JSON.stringify(comparison), now.toISOString()],
    );
    return rows.length > 0;
  }

  /**
   * Makes `version` the active one and records the activation. `onlyIfNone`: only when no version
   * is active (the seed, racing other instances on first start).
   */
  async activate(version: string, reason: string, now: Date, onlyIfNone = false): Promise<Activation | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [target]: { version: string }[] = await manager.query(`SELECT version FROM ${this.models} WHERE version = $1 FOR UPDATE`, [version]);
      if (!target) throw new UnknownModelError(`no model version ${version}`);
      const [current]: { version: string }[] = await manager.query(`SELECT version FROM ${this.models} WHERE active FOR UPDATE`);
      if (onlyIfNone && current) return undefined;
      await manager.query(`UPDATE ${this.models} SET active = false WHERE active`);
      await manager.query(`UPDATE ${this.models} SET active = true, activated_at = $2 WHERE version = $1`, [version, now.toISOString()]);
      await manager.query(`INSERT INTO ${this.activations} (version, previous_version, reason, activated_at) VALUES ($1, $2, $3, $4)`, [version, current?.version ?? null, reason, now.toISOString()]);
      this.logger.info({ event: 'churn_model_activated', version, previousVersion: current?.version ?? null, reason }, 'churn model activated');
      return { version, previousVersion: current?.version ?? null, reason, activatedAt: now.toISOString() };
    });
  }

  async list(limit: number): Promise<ModelSummary[]> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT version, source, kind, feature_names, metrics, training_window, comparison, active, created_at, activated_at FROM ${this.models} ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      version: r.version,
      source: r.source,
      kind: r.kind,
      featureNames: r.feature_names,
      metrics: r.metrics,
      trainingWindow: r.training_window,
      comparison: r.comparison,
      active: r.active,
      createdAt: r.created_at.toISOString(),
      activatedAt: r.activated_at?.toISOString() ?? null,
    }));
  }

  async activationHistory(limit: number): Promise<Activation[]> {
    const rows: { version: string; previous_version: string | null; reason: string; activated_at: Date }[] = await this.dataSource.query(
      `SELECT version, previous_version, reason, activated_at FROM ${this.activations} ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ version: r.version, previousVersion: r.previous_version, reason: r.reason, activatedAt: r.activated_at.toISOString() }));
  }

  async lastCreatedAt(): Promise<Date | undefined> {
    const [row]: { created_at: Date }[] = await this.dataSource.query(`SELECT max(created_at) AS created_at FROM ${this.models}`);
    return row?.created_at ?? undefined;
  }

  private async load(version: string): Promise<ActiveModel> {
    const model = await this.model(version);
    // The previous model is not disposed: a batch may still hold it; models are small (KBs).
    this.loaded = { version, model };
    this.logger.info({ event: 'churn_model_loaded', version, kind: model.metadata.kind }, 'active churn model loaded');
    return this.loaded;
  }
}
