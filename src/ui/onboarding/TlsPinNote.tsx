import { defineMessages } from '../../i18n'
import { CommandText } from '../CommandText'
import { useText } from '../useText'

// Only codes for a gateway with its own TLS certificate carry a pin: its component and words load when one does.
const TEXT = defineMessages('errors.tlsPin', {
  title: 'This browser cannot check the certificate pin in this code',
  body: 'The code carries the SHA-256 fingerprint of the certificate at {address}, so that the OpenClaw phone apps can trust a self-signed certificate. A browser cannot pin a certificate: it connects only if this device already trusts the gateway’s certificate, and does not compare it with this fingerprint.',
  fix: 'If connecting fails, serve the gateway with a certificate this device trusts (Tailscale Serve, or a reverse proxy with a public certificate), or install the gateway’s certificate on this device; then run {qr} again. To check the certificate yourself, compare the fingerprint your browser shows for {address} with:',
})

/** Said before connecting when a setup code pins a certificate: what a browser does instead, and what the user can do. */
export function TlsPinNote({ address, fingerprint }: { address: string; fingerprint: string }) {
  const t = useText(TEXT)
  const pairs = fingerprint.match(/../g)?.join(':').toUpperCase() ?? fingerprint
  return (
    <div className="warning" role="note" aria-labelledby="tls-pin-title">
      <h3 id="tls-pin-title">{t('title')}</h3>
      <p>{t('body', { address })}</p>
      <p>
        <CommandText text={t('fix', { qr: '`openclaw qr`', address })} />
      </p>
      <p>
        <code translate="no">{pairs}</code>
      </p>
    </div>
  )
}
