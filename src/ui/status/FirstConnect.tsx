import { defineMessages } from '../../i18n'
import type { GatewayRecord } from '../../store'
import { useText } from '../useText'

const TEXT = defineMessages('problems.firstConnect', {
  connecting: 'Connecting to {gateway}…',
  firstTime: 'This takes a moment the first time.',
})

/** A gateway just paired (or approved) that has not connected yet: a chunk with the approval screen's, not the chat's. */
export function FirstConnect({ gateway }: { gateway: GatewayRecord }) {
  const t = useText(TEXT)
  return (
    <section className="panel" aria-labelledby="connecting-title">
      <h2 id="connecting-title">{t('connecting', { gateway: gateway.label })}</h2>
      <p>{t('firstTime')}</p>
    </section>
  )
}
