/**
 * A forward proxy on loopback that speaks CONNECT, as HTTPS_PROXY points at. Every tunnel it
 * opens goes to 127.0.0.1 at the port asked for, whatever host name was asked, so a test can
 * use a name (and a certificate for it) that never reaches DNS. It records each CONNECT, and
 * can refuse them with a status, as a proxy that denies a host (403) or wants credentials
 * (407) does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ConnectRequest {
  /** host:port as the client asked. */
  target: string
  /** The Proxy-Authorization header, if any. */
  authorization: string | undefined
  at: number
}

export class ConnectProxy {
  readonly connects: ConnectRequest[] = []
  /** Answer every CONNECT with this status instead of opening a tunnel. */
  refuse: number | undefined
  private readonly sockets = new Set<Socket>()

  private constructor(private readonly server: Server) {}

  static async start(options: { refuse?: number } = {}): Promise<ConnectProxy> {
    const proxy = new ConnectProxy(createServer())
    proxy.refuse = options.refuse
    proxy.server.on('connection', socket => proxy.track(socket))
    proxy.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => proxy.tunnel(req, socket, head))
    // Plain-HTTP requests through the proxy are not needed here: answer them 501.
    proxy.server.on('request', (_req, res) => res.writeHead(501).end())
    await new Promise<void>(resolve => proxy.server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  /** Connections still open (clients and tunnels to the target): 0 once every client has let go. */
  get openSockets(): number {
    return this.sockets.size
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? ''
    this.connects.push({ target, authorization: req.headers['proxy-authorization'], at: Date.now() })
    const port = Number(/:(\d+)$/.exec(target)?.[1])
    if (this.refuse !== undefined || !port) {
      client.end(`HTTP/1.1 ${this.refuse ?? 400} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
      return
    }
    const upstream = this.track(connect(port, '127.0.0.1'))
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    return socket
  }
}
