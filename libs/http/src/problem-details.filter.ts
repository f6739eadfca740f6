import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from './problem-details';

/** Thrown by handlers that already know the exact problem document to answer with. */
export class ProblemException extends HttpException {
  constructor(readonly problemDetails: ProblemDetails, readonly headers: Record<string, string> = {}) {
    super(problemDetails, problemDetails.status);
  }
}

/** Turns anything thrown in a handler into problem+json; 5xx details stay in the log, not the reply. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toProblem(exception);
    body.requestId = request.id;
    // An answer we chose (e.g. 503 while the broker is down) is a warning; anything else is a bug.
    if (exception instanceof ProblemException) {
      if (body.status >= 500) this.logger.warn({ status: body.status, detail: body.detail, requestId: request.id }, 'request refused');
    } else if (body.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    }
    if (exception instanceof ProblemException) reply.headers(exception.headers);
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return { ...exception.problemDetails };
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return problem(exception.getStatus(), Array.isArray(detail) ? detail.join('; ') : String(detail ?? exception.message));
    }
    return problem(500, 'unexpected error; see the service log for this request id');
  }
}
