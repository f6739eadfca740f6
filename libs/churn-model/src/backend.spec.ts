import { activeBackend, initBackend, resetBackendChoiceForTests } from './backend';
import { type ModelLogger } from './logger';

function recordingLogger(): ModelLogger & { events: Array<Record<string, unknown>> } {
  const events: Array<Record<string, unknown>> = [];
  return { events, info: (fields) => events.push(fields) };
}

const failing = (message: string) => (): void => {
  throw new Error(message);
};

describe('initBackend', () => {
  afterEach(() => resetBackendChoiceForTests());

  it('falls back to wasm when the native binding fails to load, and logs why', async () => {
    const logger = recordingLogger();
    const backend = await initBackend(logger, { native: failing('tfjs_binding.node can not be found') });
    expect(backend).toBe('wasm');
    expect(activeBackend()).toBe('wasm');
    expect(logger.events).toEqual([
      { event: 'churn_model_backend_fallback', backend: 'tensorflow', reason: 'tfjs_binding.node can not be found' },
      { event: 'churn_model_backend', backend: 'wasm' },
    ]);
  });

  it('falls back to cpu, the last resort, when wasm cannot start either', async () => {
    const logger = recordingLogger();
    const backend = await initBackend(logger, { native: failing('no binding'), wasm: failing('no .wasm file') });
    expect(backend).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    expect(logger.events.map((e) => [e['event'], e['backend']])).toEqual([
      ['churn_model_backend_fallback', 'tensorflow'],
      ['churn_model_backend_fallback', 'wasm'],
      ['churn_model_backend', 'cpu'],
    ]);
  });

  it('falls back here with the real @tensorflow/tfjs-node (installed without its libtensorflow download)', async () => {
    const logger = recordingLogger();
    expect(await initBackend(logger)).toBe('wasm');
    expect(logger.events[0]).toMatchObject({ event: 'churn_model_backend_fallback', backend: 'tensorflow' });
  });

  it('follows a configured order, cpu ending it: cpu before wasm never tries wasm', async () => {
    const logger = recordingLogger();
    expect(await initBackend(logger, { native: failing('no binding') }, ['tensorflow', 'cpu', 'wasm'])).toBe('cpu');
    expect(logger.events.map((e) => [e['event'], e['backend']])).toEqual([
      ['churn_model_backend_fallback', 'tensorflow'],
      ['churn_model_backend', 'cpu'],
    ]);
  });

  it('chooses once per process', async () => {
    const logger = recordingLogger();
    const first = initBackend(logger, { native: () => undefined });
    expect(initBackend(logger)).toBe(first);
  });
});
