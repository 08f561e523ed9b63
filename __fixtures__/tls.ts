/**
 * A throwaway self-signed certificate, made at test time with the system's openssl, for
 * serving HTTPS on loopback. The action trusts it only through NODE_EXTRA_CA_CERTS=caFile,
 * as a runner behind a TLS-intercepting proxy would trust the proxy's CA.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TlsIdentity {
  key: string
  cert: string
  /** The certificate as a PEM file, for NODE_EXTRA_CA_CERTS. */
  caFile: string
  /** Removes the files. */
  dispose(): void
}

/** A one-day certificate for `names` (DNS names) plus 127.0.0.1 and ::1. */
export function throwawayCertificate(names: string[] = ['localhost']): TlsIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'doorflow-tls-'))
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  const alt = [...names.map(n => `DNS:${n}`), 'IP:127.0.0.1', 'IP:::1'].join(',')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${names[0] ?? 'localhost'}`,
      '-addext',
      `subjectAltName=${alt}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      key,
      '-out',
      cert
    ],
    { stdio: 'ignore' }
  )
  return {
    key: readFileSync(key, 'utf8'),
    cert: readFileSync(cert, 'utf8'),
    caFile: cert,
    dispose: () => rmSync(dir, { recursive: true, force: true })
  }
}
