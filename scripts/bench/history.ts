/**
 * A session with 1,000 messages, made through the gateway's admin RPCs: one `chat.send` answered by
 * the echo model creates the session (user + assistant = 2 messages), then `chat.inject`
 * (admin-only; appends an assistant note, params {sessionKey, message, label?}) adds 998 more, the
 * last one carrying a marker the benchmark waits for on screen. `sessions.patch` names the session.
 */
import { connectAdmin } from '../../harness/adminClient'
import type { FakeModel } from '../../harness/fakeModel'
import type { TestGateway } from '../../harness/testGateway'

export const HISTORY_SESSION_KEY = 'agent:main:bench-history'
export const HISTORY_TITLE = 'Bench history'
export const HISTORY_MESSAGES = 1_000
const INJECT_CONCURRENCY = 25
const SEED_TEXT = 'bench history seed'
const MAIN_SESSION_KEY = 'agent:main:main'
const WARM_UP_TEXT = 'bench warm-up'

export type SeededHistory = { sessionKey: string; title: string; newestMarker: string; totalMessages: number | null; seedMs: number }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function seedHistory(gateway: TestGateway, model: FakeModel, nonce: string): Promise<SeededHistory> {
  const started = Date.now()
  const admin = await connectAdmin(gateway.url, gateway.token)
  try {
    // The first run of a session costs the gateway seconds (workspace, skills snapshot): pay it for the
    // main session here, so neither app's streaming figure carries it.
    await admin.call('chat.send', { sessionKey: MAIN_SESSION_KEY, message: WARM_UP_TEXT, idempotencyKey: `bench-warm-up-${nonce}` })
    await admin.call('chat.send', { sessionKey: HISTORY_SESSION_KEY, message: SEED_TEXT, idempotencyKey: `bench-seed-${nonce}` })
    // Each run writes the user turn and the echo reply; injected notes go after them.
    for (let i = 0; i < 600 && ((await historyCount(admin)) < 2 || (await historyCount(admin, MAIN_SESSION_KEY)) < 2); i++) await sleep(100)
    if (!model.received.includes(SEED_TEXT)) throw new Error('the echo model never saw the seed message')
    const notes = Array.from({ length: HISTORY_MESSAGES - 3 }, (_, index) => `History note #${index + 3}: ${'lorem ipsum dolor sit amet '.repeat(3)}`)
    for (let from = 0; from < notes.length; from += INJECT_CONCURRENCY) {
      await Promise.all(notes.slice(from, from + INJECT_CONCURRENCY).map((message) => admin.call('chat.inject', { sessionKey: HISTORY_SESSION_KEY, message })))
    }
    const newestMarker = `history-newest-${nonce}`
    await admin.call('chat.inject', { sessionKey: HISTORY_SESSION_KEY, message: `History note #${HISTORY_MESSAGES} ${newestMarker}` })
    await admin.call('sessions.patch', { key: HISTORY_SESSION_KEY, label: HISTORY_TITLE })
    return { sessionKey: HISTORY_SESSION_KEY, title: HISTORY_TITLE, newestMarker, totalMessages: await historyCount(admin), seedMs: Date.now() - started }
  } finally {
    admin.close()
  }
}

/**
 * One echo run on the main session, to its end, right before an app streams. After a minute without
 * a run the gateway takes seconds longer to call the model (measured with an admin client: 0.4 s
 * after 5 or 30 s idle, 2.6 s after 60 s, 3.8 s after 90 s, 4.7 s after 130 s), and the app that
 * streamed first paid it (its Lighthouse run and warm reloads come first); the other app streamed
 * within a minute of it.
 */
export async function warmUpMainSession(gateway: TestGateway, model: FakeModel, nonce: string): Promise<void> {
  const admin = await connectAdmin(gateway.url, gateway.token)
  try {
    const before = await historyCount(admin, MAIN_SESSION_KEY)
    const message = `${WARM_UP_TEXT} ${nonce}`
    await admin.call('chat.send', { sessionKey: MAIN_SESSION_KEY, message, idempotencyKey: `bench-warm-up-${nonce}` })
    for (let i = 0; i < 600 && (await historyCount(admin, MAIN_SESSION_KEY)) < before + 2; i++) await sleep(100)
    if (!model.received.includes(message)) throw new Error('the echo model never saw the warm-up message')
  } finally {
    admin.close()
  }
}

async function historyCount(admin: { call(method: string, params?: unknown): Promise<unknown> }, sessionKey = HISTORY_SESSION_KEY): Promise<number> {
  const history = (await admin.call('chat.history', { sessionKey, limit: 1 })) as { totalMessages?: number; messages?: unknown[] }
  return history.totalMessages ?? history.messages?.length ?? 0
}
