/**
 * Everything measured on one app in its own browser context, one page at a time (the other app's
 * page is closed, so it neither renders the same session's events nor takes CPU): first-screen
 * bytes over the network, warm reload → hello-ok, streaming, the approval prompt, and history.
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { burstReply, echoReply, type FakeModel } from '../../harness/fakeModel'
import type { TestGateway } from '../../harness/testGateway'
import { APPROVAL_ROUNDS, approvalPrompts, type ApprovalPromptResult } from './approvalPrompt'
import { PROJECT_ROOT } from './bundleBytes'
import type { SeededHistory } from './history'
import type { Installability } from './installability'
import { captureFirstScreenBytes, type NetworkBytes } from './networkBytes'
import {
  HelloWatcher,
  heapUsage,
  installProbe,
  lastClickAt,
  longTasks,
  pageClocks,
  recordPageRpcs,
  takePageRpcs,
  waitForText,
  watchText,
  watchTextOnNextLoad,
  type LongTask,
  type PageRpc,
} from './probe'
import type { Subject } from './subjects'

export const WARM_RELOADS = 10
export const STREAM_CHUNKS = 2_000
const LONG_TASK_MS = 50
const SETTLE_MS = 300

export type StreamingResult = {
  chunks: number
  finalAfterLastChunkMs: number
  sendToFinalMs: number
  /** From the click on Send to the fake model's first chunk: the app's and the gateway's part (absent in older reports). */
  sendToFirstChunkMs?: number
  /** From the click on Send to the page's chat.send request leaving on its WebSocket: the app's part (absent in older reports). */
  sendToRequestMs?: number | null
  /** The page's requests and responses from the click on (JSON only). */
  rpcTrace?: Array<[number, string]>
  longTasks: LongTask[]
  longTasksOver50: number
  maxLongTaskMs: number
  /** Long tasks since the page loaded, streaming or not: shows the observer works in this page. */
  pageLongTasks: number
}
export type HistoryResult = {
  openMs: number
  /**
   * In the page's clock, from the click: the session's history request leaving, and its answer
   * arriving (what is left of openMs after it is the app drawing). Absent in older reports.
   */
  openRequestMs?: number | null
  openAnswerMs?: number | null
  reloadToNewestMs: number
  heapAfterOpen: { usedBytes: number; afterGcBytes: number }
  heapAfterReload: { usedBytes: number; afterGcBytes: number }
}
/** Untimed, from the first visit: the new user's first screen over the network, and installability. */
export type FirstVisit = { bytesNewUser: NetworkBytes | { error: string }; installability: Installability | { error: string } }
export type SubjectResult = {
  bytesReturning: NetworkBytes
  warmReloadMs: number[]
  streaming: StreamingResult | { error: string }
  history: HistoryResult | { error: string }
  /** Absent in older reports. */
  approvals?: ApprovalPromptResult | { error: string }
}

export const VIEWPORT = { width: 1280, height: 800 }

export async function newBenchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  await installProbe(context)
  return context
}

async function settle(page: Page, subject: Subject): Promise<void> {
  await subject.waitChat(page)
  await page.waitForTimeout(SETTLE_MS)
}

async function warmReloads(page: Page, subject: Subject, watcher: HelloWatcher): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i <= WARM_RELOADS; i++) {
    const start = performance.now()
    const hello = watcher.next(start)
    await page.reload({ waitUntil: 'commit' })
    const ms = (await hello) - start
    if (i > 0) times.push(Math.round(ms)) // the first reload only warms caches up
    await settle(page, subject)
  }
  return times
}

async function streaming(page: Page, subject: Subject, model: FakeModel, nonce: string, watcher: HelloWatcher): Promise<StreamingResult> {
  const prompt = `bench stream ${nonce}`
  const marker = `bench-end-${nonce}`
  model.setResponder((text) => (text === prompt ? burstReply(STREAM_CHUNKS, marker) : echoReply(text)))
  try {
    await watchText(page, marker)
    const { now: sendAt, epochMs: sendEpochMs } = await pageClocks(page)
    const clickAt = performance.now()
    await subject.send(page, prompt)
    const hit = await waitForText(page, marker, 180_000)
    await page.waitForTimeout(1_000)
    const record = model.streams.filter((s) => s.userText === prompt && s.chunkCount === STREAM_CHUNKS).at(-1)
    if (!record) throw new Error('the fake model has no record of the 2,000-chunk reply')
    const rpcTrace = watcher.rpcsFrom(clickAt)
    const all = await longTasks(page)
    const tasks = all.filter((t) => t.startTime >= sendAt && t.startTime <= hit.frameAt! + 1_000)
    return {
      chunks: record.chunkCount,
      finalAfterLastChunkMs: hit.frameEpochMs! - record.lastChunkAtMs,
      sendToFinalMs: Math.round(hit.frameAt! - sendAt),
      sendToFirstChunkMs: record.firstChunkAtMs - sendEpochMs,
      sendToRequestMs: rpcTrace.find(([, what]) => what === '→ chat.send')?.[0] ?? null,
      rpcTrace,
      longTasks: tasks,
      longTasksOver50: tasks.filter((t) => t.duration > LONG_TASK_MS).length,
      maxLongTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
      pageLongTasks: all.length,
    }
  } finally {
    model.setResponder(echoReply)
  }
}

/** The history request of a session being opened: this app's chat.history, the Control UI's chat.startup. */
const HISTORY_METHODS = new Set(['chat.history', 'chat.startup'])

/** From the click: the first history request leaving and its answer arriving, in the page's clock. */
function historyRequest(rpcs: PageRpc[], clickAt: number): { openRequestMs: number | null; openAnswerMs: number | null } {
  const sent = rpcs.find((rpc) => rpc.dir === 'sent' && rpc.at >= clickAt && HISTORY_METHODS.has(rpc.method ?? ''))
  const answered = sent && rpcs.find((rpc) => rpc.dir === 'answered' && rpc.id === sent.id)
  const since = (rpc: PageRpc | undefined) => (rpc ? Math.round(rpc.at - clickAt) : null)
  return { openRequestMs: since(sent), openAnswerMs: since(answered) }
}

async function history(page: Page, subject: Subject, seeded: SeededHistory): Promise<HistoryResult> {
  await watchText(page, seeded.newestMarker)
  await recordPageRpcs(page)
  await subject.openSession(page, seeded.title)
  const hit = await waitForText(page, seeded.newestMarker, 60_000)
  const clickAt = await lastClickAt(page)
  if (clickAt === null || hit.domAt < clickAt) throw new Error('the newest message was on screen before the session was opened')
  // The answer may come after the newest message is drawn (from a cache): give it a moment.
  await page.waitForTimeout(SETTLE_MS)
  const request = historyRequest(await takePageRpcs(page), clickAt)
  await page.waitForTimeout(SETTLE_MS)
  const heapAfterOpen = await heapUsage(page)
  await watchTextOnNextLoad(page, seeded.newestMarker)
  const url = subject.sessionUrl(seeded.sessionKey)
  if (url) await page.goto(url)
  else await page.reload()
  const reloadHit = await waitForText(page, seeded.newestMarker, 60_000)
  await page.waitForTimeout(SETTLE_MS)
  return {
    openMs: Math.round(hit.frameAt! - clickAt),
    ...request,
    reloadToNewestMs: Math.round(reloadHit.frameAt!),
    heapAfterOpen,
    heapAfterReload: await heapUsage(page),
  }
}

const failure = (error: unknown) => ({ error: error instanceof Error ? error.message.split('\n')[0]! : String(error) })

/**
 * What needs no quiet machine: the new user's first screen over the network, and pairing. Runs
 * while the history session is being seeded.
 */
export async function prepareSubject(context: BrowserContext, subject: Subject, log: (line: string) => void): Promise<NetworkBytes> {
  const page = await context.newPage()
  try {
    log(`${subject.label}: first screen of a new user, over the network`)
    const bytesNewUser = await captureFirstScreenBytes(page, async () => {
      await page.goto(subject.firstUrl)
      await subject.waitFirstScreen(page)
    })
    log(`${subject.label}: pairing`)
    await subject.pair(page)
    await settle(page, subject)
    return bytesNewUser
  } finally {
    await page.close()
  }
}

/** Pairs the context's browser again (see `Subject.pairsSilently`); untimed. */
export async function pairAgain(context: BrowserContext, subject: Subject): Promise<void> {
  const page = await context.newPage()
  try {
    await page.goto(subject.firstUrl)
    await subject.pair(page)
    await settle(page, subject)
  } finally {
    await page.close()
  }
}

/** The timed figures, on the paired context, one app at a time. */
export async function timeSubject(
  context: BrowserContext,
  subject: Subject,
  model: FakeModel,
  gateway: TestGateway,
  seeded: SeededHistory,
  warmUp: () => Promise<void>,
  log: (line: string) => void,
): Promise<SubjectResult> {
  const page = await context.newPage()
  const watcher = new HelloWatcher(page)
  try {
    await page.goto(subject.sessionUrl('agent:main:main') ?? subject.firstUrl)
    await settle(page, subject)
    log(`${subject.label}: ${WARM_RELOADS} warm reloads`)
    const warmReloadMs = await warmReloads(page, subject, watcher)
    log(`${subject.label}: first screen of a returning user, over the network`)
    const bytesReturning = await captureFirstScreenBytes(page, async () => {
      await page.reload()
      await subject.waitChat(page)
    })
    log(`${subject.label}: an echo run on the main session, then streaming ${STREAM_CHUNKS} chunks`)
    await warmUp()
    await settle(page, subject)
    const stream = await streaming(page, subject, model, `${subject.id}-${Date.now().toString(36)}`, watcher).catch(failure)
    log(`${subject.label}: ${APPROVAL_ROUNDS} exec approval requests on the main session`)
    const approvals = await approvalPrompts(page, subject, gateway, model).catch(failure)
    log(`${subject.label}: opening the ${seeded.totalMessages}-message session`)
    const hist = await history(page, subject, seeded).catch(failure)
    return { bytesReturning, warmReloadMs, streaming: stream, history: hist, approvals }
  } catch (error) {
    // What the page showed when it went wrong, next to the report.
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'bench-results', `failure-${subject.id}.png`) }).catch(() => {})
    log(`${subject.label}: ${failure(error).error} (screenshot: bench-results/failure-${subject.id}.png)`)
    throw error
  } finally {
    await page.close()
  }
}
