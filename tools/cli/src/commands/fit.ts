import { compressCustomers, fitBgNbd, fitGammaGamma, fitParetoNbd } from '@churn/domain';
import { type CliIo } from '../io';
import { utcDate } from '../input/parse-instant';
import { type Progress } from '../progress';
import { type HistoryOptions, loadHistory } from './load-history';

/**
 * `churn fit`: maximum-likelihood BG/NBD, Pareto/NBD and Gamma-Gamma fits on the history up to
 * the calibration end, printed as JSON. Gamma-Gamma v is in minor units of the input currency
 * (the domain never turns money into floats of major units).
 */
export async function fitCommand(options: HistoryOptions, io: CliIo, progress: Progress): Promise<void> {
  const history = await loadHistory(options, io, progress);
  const customers = history.summaries.length;
  progress.note(`fitting BG/NBD, Pareto/NBD and Gamma-Gamma on ${customers} customers`);
  // Both purchase models read the same (x, t_x, T) triples: compress once.
  const triples = compressCustomers(history.summaries);
  const bg = fitBgNbd(triples);
  const pareto = fitParetoNbd(triples);
  const gg = fitGammaGamma(history.summaries);
  const report = {
    input: options.input,
    calibrationEnd: utcDate(options.asOf),
    timeUnit: options.timeUnit,
    currency: history.currency,
    transactions: history.transactions,
    skippedRows: history.badRows,
    customers,
    repeatCustomers: history.summaries.filter((s) => s.frequency > 0).length,
    bgNbd: { ...bg.params, logLikelihood: bg.logLikelihood, converged: bg.converged },
    paretoNbd: { ...pareto.params, logLikelihood: pareto.logLikelihood, converged: pareto.converged },
    gammaGamma: {
      ...gg.params,
      vUnit: `minor units of ${history.currency}`,
      logLikelihood: gg.logLikelihood,
      customers: gg.customers,
      converged: gg.converged,
    },
  };
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
