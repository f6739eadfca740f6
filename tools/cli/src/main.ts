#!/usr/bin/env node
import { run } from './run';

// A closed pipe (`churn score | head`) destroys stdout; run() notices and ends with a message.
// Without a listener the EPIPE would be an uncaught exception with a stack trace instead.
process.stdout.on('error', () => undefined);

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTty: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
