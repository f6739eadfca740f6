import { type ModelLogger } from '@churn/churn-model';
import { type CliIo } from '../io';

/** JSON lines on stderr (stdout carries the command's result), like the services' pino logs. */
export function stderrLogger(io: CliIo): ModelLogger {
  return {
    info(fields, message) {
      io.stderr.write(
        `${JSON.stringify({ level: 'info', time: new Date().toISOString(), ...fields, msg: message })}\n`,
      );
    },
  };
}
