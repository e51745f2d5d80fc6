/**
 * `npm run bench -- --only resume`: coming back to a chat after the connection was gone for a while
 * (a phone that slept) while new messages arrived. Each app has a session with a full newest page; its
 * page goes offline (CDP network emulation: the browser says offline and the socket dies), an admin
 * client adds 5 messages, the last with a marker, and the page comes back online. The figures run from
 * back online to the marker on screen (ms, with a frame after it) and the WebSocket bytes the page
 * received in that time (frame payloads, as CDP reports them). This build (a `deltaCursor` catch-up:
 * only what changed) beside the build before it (the newest page again, --resume-baseline, a git ref)
 * and the Control UI, in the same run against the same gateway.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type BrowserContext } from '@playwright/test'
import type { PreviewServer } from 'vite'
import { connectAdmin } from '../../harness/adminClient'
import { launchOptions } from '../../harness/browser'
import { startFakeModel } from '../../harness/fakeModel'
import { TestGateway } from '../../harness/testGateway'
import { PROJECT_ROOT } from './bundleBytes'
import { newBenchContext, prepareSubject } from './measureSubject'
import { installProbe, waitForText, watchText } from './probe'
import { buildAt, serve } from './scanTiming'
import { controlUi, ourApp, type Subject } from './subjects'

/** The build before the catch-up: it reloads the newest page on every reconnect. */
export const RESUME_BASELINE_REF = '88cee63'
const MAIN_SESSION = 'agent:main:main'
/** Messages in the session before the first round: more than a newest page (30), each about 3 KB (an agent's reply with some code). */
const SEED_NOTES = 40
const NOTE_TEXT = 'A paragraph of an agent reply, dolor sit amet, with `code` in it. '.repeat(45)
const ARRIVING = 5
const OFFLINE_SETTLE_MS = 1_500

/** `historyBytes`: the part of `bytes` that answered `chat.history` (the newest page, or a catch-up). */
export type ResumeRound = { ms: number; bytes: number; historyBytes: number }
export type ResumeRow = { label: string; rounds: ResumeRound[] } | { label: string; error: string }
export type ResumeBench = { baselineRef: string; rounds: number; rows: ResumeRow[] }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function oneRound(context: BrowserContext, subject: Subject, gateway: TestGateway, nonce: string): Promise<ResumeRound> {
  const page = await context.newPage()
  try {
    await page.goto(subject.firstUrl)
    await subject.waitChat(page)
    await page.waitForTimeout(1_000)
    const marker = `resume-marker-${nonce}`
    await watchText(page, marker)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    let counting = false
    let bytes = 0
    let historyBytes = 0
    const historyIds = new Set<string>()
    cdp.on('Network.webSocketFrameSent', ({ response }) => {
      if (!counting || !response.payloadData.includes('"method":"chat.history"')) return
      const id = /"id":"([^"]+)"/.exec(response.payloadData)?.[1]
      if (id) historyIds.add(id)
    })
    cdp.on('Network.webSocketFrameReceived', ({ response }) => {
      if (!counting) return
      const size = Buffer.byteLength(response.payloadData)
      bytes += size
      const id = /^\{"type":"res","id":"([^"]+)"/.exec(response.payloadData)?.[1]
      if (id && historyIds.has(id)) historyBytes += size
    })
    await context.setOffline(true)
    await page.waitForTimeout(OFFLINE_SETTLE_MS)
    const admin = await connectAdmin(gateway.url, gateway.token)
    try {
      for (let i = 1; i <= ARRIVING; i++) {
        const last = i === ARRIVING
        // As large as the seeded notes: every round's newest page holds the same kind of messages, whichever app ran before.
        await admin.call('chat.inject', { sessionKey: MAIN_SESSION, message: `While away #${i} ${last ? marker : ''} ${NOTE_TEXT}` })
      }
    } finally {
      admin.close()
    }
    counting = true
    const start = performance.now()
    const startEpoch = Date.now()
    await context.setOffline(false)
    const hit = await waitForText(page, marker, 60_000)
    const ms = hit.frameEpochMs !== undefined ? hit.frameEpochMs - startEpoch : performance.now() - start
    counting = false
    return { ms: Math.round(ms), bytes, historyBytes }
  } finally {
    await page.close()
  }
}

export async function measureResume(options: { rounds: number; baselineRef?: string; newBuildDir: string; log: (line: string) => void }): Promise<ResumeBench> {
  const baselineRef = options.baselineRef ?? RESUME_BASELINE_REF
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-resume-'))
  const servers: PreviewServer[] = []
  const model = await startFakeModel()
  let gateway: TestGateway | undefined
  const browser = await chromium.launch(launchOptions())
  try {
    options.log(`resume: building the app at ${baselineRef} (the build before the catch-up)`)
    const oldOut = path.join(work, 'old')
    const oldRoot = await buildAt(baselineRef, work, oldOut)
    const [current, old] = await Promise.all([serve(PROJECT_ROOT, options.newBuildDir), serve(oldRoot, oldOut)])
    servers.push(current.server, old.server)
    gateway = await TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [current.origin, old.origin] })
    const admin = await connectAdmin(gateway.url, gateway.token)
    try {
      await admin.call('chat.send', { sessionKey: MAIN_SESSION, message: 'resume bench seed', idempotencyKey: `resume-seed-${Date.now()}` })
      // The session exists once its first run wrote the turn and the echo reply (the first run takes seconds).
      for (let i = 0; i < 1_200; i++) {
        const history = (await admin.call('chat.history', { sessionKey: MAIN_SESSION, limit: 5 })) as { messages?: unknown[] }
        if ((history.messages?.length ?? 0) >= 2) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      for (let i = 0; i < SEED_NOTES; i++) await admin.call('chat.inject', { sessionKey: MAIN_SESSION, message: `Earlier note #${i} ${NOTE_TEXT}` })
    } finally {
      admin.close()
    }
    const subjects: Array<[string, Subject]> = [
      ['This build', ourApp(current.origin, gateway)],
      [`Before (${baselineRef})`, ourApp(old.origin, gateway)],
      ['Control UI', controlUi(gateway)],
    ]
    const rows: ResumeRow[] = []
    for (const [label, subject] of subjects) {
      const context = await newBenchContext(browser)
      await installProbe(context)
      try {
        await prepareSubject(context, subject, options.log)
        const rounds: ResumeRound[] = []
        for (let round = 0; round < options.rounds; round++) {
          options.log(`resume: ${label}, round ${round + 1} of ${options.rounds}`)
          rounds.push(await oneRound(context, subject, gateway, `${Date.now().toString(36)}-${round}`))
        }
        rows.push({ label, rounds })
      } catch (error) {
        rows.push({ label, error: error instanceof Error ? error.message : String(error) })
      } finally {
        await context.close()
      }
    }
    return { baselineRef, rounds: options.rounds, rows }
  } finally {
    await browser.close().catch(() => {})
    for (const server of servers) await server.close().catch(() => {})
    await gateway?.dispose().catch(() => {})
    await model.close().catch(() => {})
    await rm(work, { recursive: true, force: true })
  }
}

/** The resume rows as a Markdown table (medians, with the range). */
export function resumeTable(bench: ResumeBench): string {
  const lines = [
    '| Back online → 5 new messages on screen | ms (median, range) | WebSocket bytes received (median, range) | of which `chat.history` answers (median) |',
    '| --- | --- | --- | --- |',
  ]
  for (const row of bench.rows) {
    if ('error' in row) {
      lines.push(`| ${row.label} | not measured: ${row.error} | | |`)
      continue
    }
    const ms = row.rounds.map((round) => round.ms)
    const bytes = row.rounds.map((round) => round.bytes)
    const history = median(row.rounds.map((round) => round.historyBytes))
    lines.push(
      `| ${row.label} | ${median(ms)} (${Math.min(...ms)}–${Math.max(...ms)}) | ${median(bytes)} (${Math.min(...bytes)}–${Math.max(...bytes)}) | ${history} |`,
    )
  }
  return lines.join('\n')
}
