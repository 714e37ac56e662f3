import { Socket } from 'node:net';

interface Pending {
  resolve: (lines: string[]) => void;
  reject: (error: Error) => void;
  /** Whether a reply is complete: `END` for a get, one status line for the rest. */
  done: (lines: string[]) => boolean;
  lines: string[];
}

/**
 * A small Memcached client over the text protocol (get, set, delete, touch): one connection, replies in
 * request order. No dependency, and it fails fast: while the server is down every call rejects at once
 * (a request is recorded as failed, not left hanging), and it reconnects in the background.
 */
export class MemcachedClient {
  readonly #host: string;
  readonly #port: number;
  #socket: Socket | null = null;
  #connected = false;
  #closed = false;
  #buffer = '';
  #queue: Pending[] = [];

  constructor(hostPort: string) {
    const [host = 'localhost', port = '11211'] = hostPort.split(':');
    this.#host = host;
    this.#port = Number(port);
    this.#connect();
  }

  /** Whether the connection is up (the node's `/readyz`). */
  get ready(): boolean {
    return this.#connected;
  }

  #connect(): void {
    if (this.#closed) return;
    const socket = new Socket();
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => (this.#connected = true));
    socket.on('data', (chunk: Buffer) => this.#read(chunk.toString('utf8')));
    socket.on('error', () => undefined); // 'close' follows and handles it
    socket.on('close', () => {
      this.#connected = false;
      this.#buffer = '';
      const failed = this.#queue.splice(0);
      for (const p of failed) p.reject(new Error(`memcached ${this.#host}:${this.#port} connection lost`));
      if (!this.#closed) setTimeout(() => this.#connect(), 250).unref();
    });
    socket.connect(this.#port, this.#host);
  }

  #read(text: string): void {
    this.#buffer += text;
    for (;;) {
      const head = this.#queue[0];
      const end = this.#buffer.indexOf('\r\n');
      if (!head || end < 0) return;
      head.lines.push(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end + 2);
      if (head.done(head.lines)) {
        this.#queue.shift();
        const last = head.lines.at(-1) ?? '';
        if (/^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(last)) head.reject(new Error(`memcached: ${last}`));
        else head.resolve(head.lines);
      }
    }
  }

  #send(command: string, done: Pending['done']): Promise<string[]> {
    if (!this.#connected || !this.#socket)
      return Promise.reject(new Error(`memcached ${this.#host}:${this.#port} is not connected`));
    const socket = this.#socket;
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject, done, lines: [] });
      socket.write(command);
    });
  }

  /** The value stored at `key`, or null. Values are one line of text (JSON) here. */
  async get(key: string): Promise<string | null> {
    const lines = await this.#send(`get ${key}\r\n`, (l) =>
      /^(END|ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(l.at(-1) ?? ''),
    );
    return lines[0]?.startsWith('VALUE ') ? (lines[1] ?? null) : null;
  }

  /** Stores `value` (no line breaks) at `key` for `ttlSeconds`. */
  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const bytes = Buffer.byteLength(value);
    const [status] = await this.#send(`set ${key} 0 ${ttlSeconds} ${bytes}\r\n${value}\r\n`, () => true);
    if (status !== 'STORED') throw new Error(`memcached set ${key}: ${status}`);
  }

  /** Removes `key` (no error when it is not there). */
  async delete(key: string): Promise<void> {
    await this.#send(`delete ${key}\r\n`, () => true);
  }

  /** Extends the expiry of `key`. */
  async touch(key: string, ttlSeconds: number): Promise<void> {
    await this.#send(`touch ${key} ${ttlSeconds}\r\n`, () => true);
  }

  /** Closes the connection for good. */
  close(): Promise<void> {
    this.#closed = true;
    this.#socket?.destroy();
    return Promise.resolve();
  }
}
