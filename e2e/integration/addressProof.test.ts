/**
 * "Same gateway, new address" against a real gateway: the gateway that paired this device proves
 * it at a second address of its own (ws://localhost:<port> for a device paired at 127.0.0.1) by
 * handing back the device token it issued, without the app sending any stored secret there.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatewayAddress, type SocketLike } from '../../src/gateway'
import { parseSetupCode } from '../../src/pairing'
import { proveSameGateway } from '../../src/store/addressProof'
import type { GatewayRecord, StoreDeps } from '../../src/store'
import { createGatewayVault, saveInitialSecrets } from '../../src/store/vaultStorage'
import { startFakeModel, type FakeModel } from '../../harness/fakeModel'
import { TestGateway } from '../../harness/testGateway'
import { TEST_ORIGIN, makeClient, waitForStatus } from './support'

let model: FakeModel
let gateway: TestGateway

beforeAll(async () => {
  model = await startFakeModel()
  gateway = await TestGateway.start({ modelBaseUrl: model.baseUrl })
})

afterAll(async () => {
  await gateway?.dispose()
  await model?.close()
})

async function bootstrapTokenFor(url: string): Promise<string> {
  const parsed = parseSetupCode((await gateway.setupCode(url)).setupCode)
  if (!parsed.ok) throw parsed.error
  return parsed.payload.bootstrapToken
}

describe('proving a new address of a saved gateway', () => {
  it('the same gateway at another address hands back the token it issued; nothing stored is sent there', async () => {
    const gatewayId = 'gw-proof'
    await saveInitialSecrets(gatewayId, { bootstrap: { token: await bootstrapTokenFor(gateway.url), addresses: [gatewayAddress(gateway.url)] } })
    const { client } = makeClient(gateway.url, gatewayId, 'operator')
    client.start()
    const waiting = await waitForStatus(client, (s) => s.phase === 'waiting-approval')
    if (waiting.phase !== 'waiting-approval') throw new Error('unreachable')
    await gateway.approve(waiting.requestId)
    await waitForStatus(client, (s) => s.phase === 'connected', 20_000)
    client.stop()
    const stored = (await createGatewayVault(gatewayId).loadCredentials()).deviceTokens.operator
    expect(stored?.address).toBe(gatewayAddress(gateway.url))

    const newUrl = gateway.url.replace('127.0.0.1', 'localhost')
    expect(gatewayAddress(newUrl)).not.toBe(gatewayAddress(gateway.url))
    const sent: string[] = []
    const deps = {
      appVersion: 'integration-test',
      socketFactory: (target: string) => {
        const ws = new WebSocket(target, { origin: TEST_ORIGIN })
        const send = ws.send.bind(ws)
        ws.send = ((data: string) => {
          sent.push(data)
          send(data)
        }) as typeof ws.send
        return ws as unknown as SocketLike
      },
    } as unknown as StoreDeps
    const record: GatewayRecord = {
      v: 1,
      id: gatewayId,
      url: gateway.url,
      candidateUrls: [gateway.url],
      label: 'A',
      deviceName: 'Integration test',
      role: 'operator',
      createdAtMs: 0,
    }
    const proof = await proveSameGateway({
      deps,
      record,
      knownAddresses: [gatewayAddress(gateway.url)],
      url: newUrl,
      bootstrapToken: await bootstrapTokenFor(newUrl),
    })
    expect(proof).toEqual({ proven: true })
    expect(sent.length).toBeGreaterThan(0)
    for (const frame of sent) expect(frame).not.toContain(stored!.token)
  })
})
