import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AlertV1 } from '@churn/contracts';
import { SIGNATURE_HEADER, verifySignature } from '../src/webhooks/signature';

export interface ReceivedDelivery {
  deliveryId: string;
  event: AlertV1;
  signatureValid: boolean;
  at: number;
}

/** How the receiver answers a request, given how often it has seen that delivery before. */
export type Behaviour = (seenBefore: number) => 'ok' | 'fail' | 'hang';

/**
 * A webhook endpoint on 127.0.0.1 (random port), as a subscriber would run it: it verifies the
 * signature with the subscription's secret exactly as the README tells receivers to.
 */
export class WebhookReceiver {
  readonly accepted: ReceivedDelivery[] = [];
  readonly attempts = new Map<string, number>();
  secret = '';
  hanging = 0;
  private readonly server: Server;
  private readonly held: ServerResponse[] = [];

  constructor(public behaviour: Behaviour = () => 'ok') {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hooks/churn`;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  events(): AlertV1[] {
    return this.accepted.map((d) => d.event);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const deliveryId = String(req.headers['x-churn-delivery']);
    const seen = this.attempts.get(deliveryId) ?? 0;
    this.attempts.set(deliveryId, seen + 1);
    const answer = this.behaviour(seen);
    if (answer === 'hang') {
      this.hanging++;
      this.held.push(res);
      return;
    }
    if (answer === 'fail') {
      res.writeHead(500).end('receiver failing on purpose');
      return;
    }
    const signature = req.headers[SIGNATURE_HEADER];
    const signatureValid = verifySignature(this.secret, typeof signature === 'string' ? signature : undefined, body, Math.floor(Date.now() / 1000));
    this.accepted.push({ deliveryId, event: JSON.parse(body) as AlertV1, signatureValid, at: Date.now() });
    res.writeHead(signatureValid ? 204 : 401).end();
  }
}
