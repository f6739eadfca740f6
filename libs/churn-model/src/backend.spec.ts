import { activeBackend, initBackend, resetBackendChoiceForTests } from './backend';
import { type ModelLogger } from './logger';

function recordingLogger(): ModelLogger & { events: Array<Record<string, unknown>> } {
  const events: Array<Record<string, unknown>> = [];
  return { events, info: (fields) => events.push(fields) };
}

describe('initBackend', () => {
  afterEach(() => resetBackendChoiceForTests());

  it('falls back to the cpu backend when the native binding fails to load, and logs why', async () => {
    const logger = recordingLogger();
    const backend = await initBackend(logger, () => {
      throw new Error('tfjs_binding.node can not be found');
    });
    expect(backend).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    expect(logger.events).toEqual([
      { event: 'churn_model_backend_fallback', reason: 'tfjs_binding.node can not be found' },
      { event: 'churn_model_backend', backend: 'cpu' },
    ]);
  });

  it('falls back here with the real @tensorflow/tfjs-node (installed without its libtensorflow download)', async () => {
    const logger = recordingLogger();
    expect(await initBackend(logger)).toBe('cpu');
    expect(logger.events[0]).toMatchObject({ event: 'churn_model_backend_fallback' });
  });

  it('chooses once per process', async () => {
    const logger = recordingLogger();
    const first = initBackend(logger, () => undefined);
    expect(initBackend(logger)).toBe(first);
  });
});
