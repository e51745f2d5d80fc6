// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { GatewayConnection, JsonObject } from '../gateway/testing/fakeGateway'
import { createGatewayVault } from './vaultStorage'
import { connectOperator, settle, until, useStoreTestbed } from './testing/storeTestkit'

const testbed = useStoreTestbed()

const APPROVAL_METHODS = [
  'exec.approval.list',
  'plugin.approval.list',
  'approval.get',
  'approval.resolve',
  'approval.history',
  'question.list',
  'question.resolve',
]
const approvalsHello = (methods = APPROVAL_METHODS): JsonObject => ({
  auth: { method: 'token', role: 'operator', scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.questions'] },
  features: { methods: ['health', 'chat.send', ...methods], events: ['tick', 'chat'] },
})

const execRequest = (id: string, command = `echo ${id}`, extra: JsonObject = {}) => ({
  id,
  request: {
    command,
    cwd: '/work',
    host: 'gateway',
    agentId: 'main',
    sessionKey: 'agent:main:main',
    allowedDecisions: ['allow-once', 'allow-always', 'deny'],
    ...extra,
  },
  createdAtMs: Date.now(),
  expiresAtMs: Date.now() + 120_000,
})
const snapshot = (id: string, status: string, extra: JsonObject = {}) => ({
  id,
  urlPath: `/approvals/${id}`,
  status,
  createdAtMs: 1,
  expiresAtMs: 2,
  presentation: { kind: 'exec', commandText: 'echo', allowedDecisions: ['allow-once', 'deny'] },
  ...extra,
})

/** Connects an operator that holds the approval scopes and answers the approval lists it asks for. */
async function connectWithApprovals(pending: { exec?: unknown[]; plugin?: unknown[] } = {}, methods?: string[]) {
  const { store } = testbed.testStore()
  const connection = await connectOperator(store, testbed.gateway, 'gw', { hello: approvalsHello(methods) })
  await answerLists(connection, pending)
  return { store, connection }
}

async function answerLists(connection: GatewayConnection, { exec = [], plugin = [] }: { exec?: unknown[]; plugin?: unknown[] }) {
  connection.respond((await connection.request('exec.approval.list')).id, exec)
  connection.respond((await connection.request('plugin.approval.list')).id, plugin)
}

describe('approvals feature', () => {
  it('asks for the approval scopes and declares itself an approval client on the operator connect', async () => {
    const { connection } = await connectWithApprovals()
    const connect = connection.frames.find((frame) => frame.method === 'connect') as { params: { scopes: string[]; caps: string[] } }
    expect(connect.params.scopes).toEqual(expect.arrayContaining(['operator.approvals', 'operator.questions']))
    expect(connect.params.caps).toContain('approvals')
  })

  it('restores what is pending on connect and never shows a request twice', async () => {
    const { store, connection } = await connectWithApprovals({
      exec: [execRequest('a')],
      plugin: [{ id: 'p', request: { title: 'Post it', description: 'x' }, createdAtMs: Date.now() + 5, expiresAtMs: Date.now() + 1000 }],
    })
    await until(() => expect(store.getState().approvals.gw?.entries.map((entry) => entry.id)).toEqual(['a', 'p']))
    expect(store.getState().approvals.gw?.access).toBe('ready')
    // The same request again as an event (the gateway broadcasts while we list) is not a second card.
    connection.event('exec.approval.requested', execRequest('a'))
    connection.event('exec.approval.requested', execRequest('b'))
    await until(() => expect(store.getState().approvals.gw?.entries.map((entry) => entry.id)).toEqual(['a', 'p', 'b']))
    connection.event('exec.approval.requested', { id: 'junk', request: { command: '' }, expiresAtMs: 1 })
    connection.event('exec.approval.requested', execRequest('b'))
    await settle()
    expect(store.getState().approvals.gw?.entries.map((entry) => entry.id)).toEqual(['a', 'p', 'b'])
  })

  it('shows the gateway’s recorded answer: its own when it won, the other one when it lost (first answer wins)', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('won'), execRequest('lost')] })
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(2))

    const winning = store.getState().resolveApproval('gw', 'won', 'allow-once')
    const first = await connection.request('approval.resolve')
    expect(first.params).toEqual({ id: 'won', kind: 'exec', decision: 'allow-once' })
    expect(store.getState().approvals.gw?.entries[0]?.status).toBe('sending')
    connection.respond(first.id, { applied: true, approval: snapshot('won', 'allowed', { decision: 'allow-once', reason: 'user', resolvedAtMs: 3 }) })
    await winning
    expect(store.getState().approvals.gw?.entries[0]).toMatchObject({ status: 'answered', decision: 'allow-once' })

    const losing = store.getState().resolveApproval('gw', 'lost', 'allow-once')
    const second = await connection.request('approval.resolve')
    connection.respond(second.id, {
      applied: false,
      approval: snapshot('lost', 'denied', { decision: 'deny', reason: 'user', resolvedAtMs: 3, resolver: { kind: 'device', id: 'Laptop' } }),
    })
    await losing
    expect(store.getState().approvals.gw?.entries[1]).toMatchObject({ status: 'answered-elsewhere', decision: 'deny', resolvedBy: 'Laptop' })
  })

  it('after a failed answer reads the record back before offering the buttons again', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('a')] })
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(1))

    const answering = store.getState().resolveApproval('gw', 'a', 'deny')
    const resolve = await connection.request('approval.resolve')
    connection.fail(resolve.id, { code: 'UNAVAILABLE', message: 'approval storage busy' })
    const get = await connection.request('approval.get')
    expect(get.params).toEqual({ id: 'a' })
    // Until the gateway says what it recorded, no second answer can be sent.
    expect(store.getState().approvals.gw?.entries[0]).toMatchObject({ status: 'checking', error: 'approval storage busy' })
    await store.getState().resolveApproval('gw', 'a', 'allow-once')
    expect(connection.requestsFor('approval.resolve')).toHaveLength(1)

    connection.respond(get.id, { approval: snapshot('a', 'pending') })
    await answering
    expect(store.getState().approvals.gw?.entries[0]).toMatchObject({ status: 'pending', error: 'approval storage busy' })
  })

  it('sends only a decision the request offers', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('a', 'ls', { allowedDecisions: ['allow-once', 'deny'] })] })
    await until(() => expect(store.getState().approvals.gw?.entries[0]?.decisions).toEqual(['allow-once', 'deny']))
    await store.getState().resolveApproval('gw', 'a', 'allow-always')
    await settle()
    expect(connection.requestsFor('approval.resolve')).toHaveLength(0)
    expect(store.getState().approvals.gw?.entries[0]?.status).toBe('pending')
  })

  it('turns a card to "answered elsewhere" when another client answers', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('a')] })
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(1))
    connection.event('exec.approval.resolved', { id: 'a', decision: 'allow-always', resolvedBy: 'openclaw-cli', ts: 1 })
    await until(() =>
      expect(store.getState().approvals.gw?.entries[0]).toMatchObject({ status: 'answered-elsewhere', decision: 'allow-always', resolvedBy: 'openclaw-cli' }),
    )
  })

  it('uses exec.approval.resolve where the gateway has no approval.resolve', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('a')] }, ['exec.approval.list', 'plugin.approval.list'])
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(1))
    const answering = store.getState().resolveApproval('gw', 'a', 'deny')
    const resolve = await connection.request('exec.approval.resolve')
    expect(resolve.params).toEqual({ id: 'a', decision: 'deny' })
    connection.respond(resolve.id, { ok: true })
    await answering
    expect(store.getState().approvals.gw?.entries[0]).toMatchObject({ status: 'answered', decision: 'deny' })
  })

  it('on reconnect keeps what is still pending once and reads back what ended meanwhile', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('stays'), execRequest('ended')] })
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(2))
    connection.socket.terminate()
    const next = await testbed.gateway.connection(1)
    await next.handshake(approvalsHello())
    await answerLists(next, { exec: [execRequest('stays')] })
    const get = await next.request('approval.get')
    expect(get.params).toEqual({ id: 'ended' })
    next.respond(get.id, { approval: snapshot('ended', 'expired', { reason: 'timeout', resolvedAtMs: 3 }) })
    await until(() =>
      expect(store.getState().approvals.gw?.entries.map((entry) => [entry.id, entry.status])).toEqual([
        ['stays', 'pending'],
        ['ended', 'expired'],
      ]),
    )
  })

  it('says so when the pairing lacks the approval scope, and lists nothing', async () => {
    const { store } = testbed.testStore()
    const connection = await connectOperator(store, testbed.gateway, 'gw')
    await until(() => expect(store.getState().approvals.gw?.access).toBe('missing-scope'))
    await settle()
    expect(connection.requestsFor('exec.approval.list')).toHaveLength(0)
  })

  it('asks for the scope upgrade, saves the approved token and reconnects with it; chat stays connected meanwhile', async () => {
    const { store } = testbed.testStore()
    const connection = await connectOperator(store, testbed.gateway, 'gw')
    await until(() => expect(store.getState().approvals.gw?.access).toBe('missing-scope'))

    const upgrading = store.getState().requestApprovalsAccess('gw')
    const ask = await connection.request('device.scopes.requestUpgrade')
    expect(ask.params).toEqual({ scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.questions'] })
    connection.respond(ask.id, { requestId: 'req-9' })
    const wait = await connection.request('device.scopes.waitUpgrade')
    expect(wait.params).toEqual({ requestId: 'req-9' })
    expect(store.getState().approvals.gw?.upgrade).toEqual({ state: 'waiting', requestId: 'req-9' })
    expect(store.getState().statuses.gw?.phase).toBe('connected')

    const scopes = ['operator.approvals', 'operator.questions', 'operator.read', 'operator.write']
    connection.respond(wait.id, { status: 'approved', requestId: 'req-9', deviceToken: 'upgraded-token', scopes })
    await upgrading
    expect((await createGatewayVault('gw').loadCredentials()).deviceTokens.operator).toMatchObject({ token: 'upgraded-token', scopes })
    const next = await testbed.gateway.connection(1)
    const connect = await next.handshake(approvalsHello())
    expect(connect.params.auth.deviceToken).toBe('upgraded-token')
    expect(connect.params.scopes).toEqual(expect.arrayContaining(['operator.approvals', 'operator.questions']))
    await answerLists(next, {})
    await until(() => expect(store.getState().approvals.gw?.access).toBe('ready'))
  })

  it('restores pending questions and records an answer', async () => {
    const { store, connection } = await connectWithApprovals()
    const question = {
      id: 'q1',
      questions: [{ questionId: 'pick', question: 'Which?', options: [{ label: 'A' }, { label: 'B' }] }],
      sessionKey: 'agent:main:main',
      expiresAtMs: Date.now() + 60_000,
      status: 'pending',
    }
    connection.respond((await connection.request('question.list')).id, { questions: [question] })
    await until(() => expect(store.getState().approvals.gw?.questions.map((entry) => entry.id)).toEqual(['q1']))
    connection.event('question.requested', question)
    const answering = store.getState().answerQuestion('gw', 'q1', { pick: ['B'] })
    const resolve = await connection.request('question.resolve')
    expect(resolve.params).toEqual({ id: 'q1', answers: { answers: { pick: ['B'] } } })
    connection.respond(resolve.id, { status: 'answered', answers: { answers: { pick: ['B'] } } })
    await answering
    expect(store.getState().approvals.gw?.questions).toHaveLength(1)
    expect(store.getState().approvals.gw?.questions[0]).toMatchObject({ status: 'answered', answers: { pick: ['B'] } })
  })

  it('reads the last 30 days of decisions, newest first, keeping what it can read of a hostile list', async () => {
    const { store, connection } = await connectWithApprovals()
    connection.respond((await connection.request('question.list')).id, { questions: [] })
    const loading = store.getState().loadApprovalHistory('gw')
    const request = await connection.request('approval.history')
    const now = Date.now()
    connection.respond(request.id, {
      items: [
        snapshot('old', 'denied', { decision: 'deny', resolvedAtMs: now - 31 * 86_400_000 }),
        snapshot('first', 'allowed', { decision: 'allow-once', resolvedAtMs: now - 60_000 }),
        { id: 7, status: 'allowed' },
        snapshot('newest', 'expired', { resolvedAtMs: now - 1_000 }),
      ],
    })
    await loading
    const history = store.getState().approvals.gw?.history
    expect(history?.state).toBe('ready')
    expect(history?.entries.map((entry) => entry.id)).toEqual(['newest', 'first'])
  })

  it('says when the decisions cannot be read, and keeps the pending requests', async () => {
    const { store, connection } = await connectWithApprovals({ exec: [execRequest('a')] })
    connection.respond((await connection.request('question.list')).id, { questions: [] })
    const loading = store.getState().loadApprovalHistory('gw')
    connection.fail((await connection.request('approval.history')).id, { code: 'UNAVAILABLE', message: 'approval storage unavailable' })
    await loading
    expect(store.getState().approvals.gw?.history).toMatchObject({ state: 'failed', error: expect.stringContaining('approval storage unavailable') })
    expect(store.getState().approvals.gw?.entries.map((entry) => entry.id)).toEqual(['a'])
  })

  it('forgetting the gateway drops its approvals', async () => {
    const { store } = await connectWithApprovals({ exec: [execRequest('a')] })
    await until(() => expect(store.getState().approvals.gw?.entries).toHaveLength(1))
    await store.getState().forgetGateway('gw')
    expect(store.getState().approvals.gw).toBeUndefined()
  })
})
