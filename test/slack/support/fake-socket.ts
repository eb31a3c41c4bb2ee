/**
 * A stand-in for Slack's Socket Mode endpoint: a WebSocket server (RFC 6455, just what Socket Mode uses —
 * text frames, ping/pong, close) that says hello, pushes envelopes and collects the app's acks.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Reads whole frames from the buffer; returns them and what is left over. */
function readFrames(buffer: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = (buffer[offset] as number) & 0x0f;
    const masked = ((buffer[offset + 1] as number) & 0x80) !== 0;
    let length = (buffer[offset + 1] as number) & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length < cursor + 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length < cursor + 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const maskEnd = cursor + (masked ? 4 : 0);
    if (buffer.length < maskEnd + length) break;
    const payload = Buffer.from(buffer.subarray(maskEnd, maskEnd + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (buffer[cursor + (i % 4)] as number);
    frames.push({ opcode, payload });
    offset = maskEnd + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export class FakeSocketMode {
  private readonly server: Server;
  private socket: Socket | null = null;
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();
  private connected: () => void = () => undefined;
  readonly ready: Promise<void>;
  url = '';

  constructor() {
    this.ready = new Promise((resolve) => (this.connected = resolve));
    this.server = createServer((_, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket: Socket) => {
      const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
      socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
      this.socket = socket;
      let pending: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
        pending = rest;
        for (const f of frames) this.onFrame(f.opcode, f.payload);
      });
      socket.on('error', () => undefined);
      this.sendJson({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0KAM' } });
      this.connected();
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    return this;
  }

  close(): Promise<void> {
    this.socket?.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Pushes an envelope; resolves with the app's ack for it. */
  push(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, envelopeId: string): Promise<Record<string, unknown>> {
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    this.sendJson({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    return acked;
  }

  private sendJson(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  private onFrame(opcode: number, payload: Buffer): void {
    if (opcode === 0x9) this.socket?.write(frame(0xa, payload));
    if (opcode === 0x8) this.socket?.end(frame(0x8, Buffer.alloc(0)));
    if (opcode !== 0x1) return;
    const message = JSON.parse(payload.toString('utf8')) as { envelope_id?: string };
    if (message.envelope_id) this.acks.get(message.envelope_id)?.(message as Record<string, unknown>);
  }
}
