/**
 * Where a tool call's time goes inside the server, one line per call (for `--verbose` and the
 * benchmark): from the request's arrival on the transport to the end of its answer's write,
 * split into the freshness sync, the answer itself, the SDK's share (dispatch, argument
 * validation) and the write (JSON and the pipe).
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export type RequestId = string | number;

/** What the tool body reports of one call. */
export interface ToolPhases {
  tool: string;
  syncMs: number;
  answerMs: number;
}

interface Timing {
  arrivedAt: number;
  phases?: ToolPhases;
}

export class CallTimings {
  private readonly calls = new Map<RequestId, Timing>();

  constructor(private readonly log: (line: string) => void) {}

  /** Records arrivals and writes on a connected transport (after `connect`, which sets `onmessage`). */
  instrument(transport: Transport): void {
    const receive = transport.onmessage;
    const send = transport.send.bind(transport);
    if (!receive) throw new Error('mcp: instrument a transport after connecting it');
    transport.onmessage = (message, extra) => {
      if ('method' in message && 'id' in message && message.method === 'tools/call') this.calls.set(message.id, { arrivedAt: performance.now() });
      receive(message, extra);
    };
    transport.send = async (message, options) => {
      const id = 'id' in message && !('method' in message) ? message.id : undefined;
      const timing = id === undefined ? undefined : this.calls.get(id);
      const writeStarted = performance.now();
      await send(message, options);
      if (timing && id !== undefined) {
        this.calls.delete(id);
        this.report(timing, writeStarted, performance.now());
      }
    };
  }

  /** The tool body's phases of the call `requestId`. */
  record(requestId: RequestId, phases: ToolPhases): void {
    const timing = this.calls.get(requestId);
    if (timing) timing.phases = phases;
  }

  private report({ arrivedAt, phases }: Timing, writeStarted: number, written: number): void {
    if (!phases) return;
    const total = written - arrivedAt;
    const sdk = writeStarted - arrivedAt - phases.syncMs - phases.answerMs;
    const ms = (value: number): string => value.toFixed(3);
    this.log(`mcp: ${phases.tool} in ${ms(total)} ms (sync ${ms(phases.syncMs)}, answer ${ms(phases.answerMs)}, sdk ${ms(sdk)}, write ${ms(written - writeStarted)})`);
  }
}
