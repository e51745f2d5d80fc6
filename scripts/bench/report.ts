/**
 * The figures as one Markdown table (this app next to the Control UI, with the target) and the raw
 * data as JSON, both under bench-results/.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ApprovalPromptResult } from './approvalPrompt'
import type { ByteSet } from './bundleBytes'
import type { FirstVisit, HistoryResult, StreamingResult, SubjectResult } from './measureSubject'
import type { LighthouseResult } from './lighthouse'
import type { RestartKind, RestartRound } from './reconnect'
import { middle, reconnectRatios } from './reconnectRatios'
import { scanTable, type ScanBench } from './scanTiming'
import type { SubjectId } from './subjects'

export type BenchEnvironment = {
  date: string
  machine: string
  node: string
  chromium: string
  gateway: string
  loadBefore: number[]
  loadAfter: number[]
  durationS: number
}
export type BenchData = {
  environment: BenchEnvironment
  buildBytes: { app: { onboarding: ByteSet; chat: ByteSet; scanner: ByteSet; otherDynamic: ByteSet }; controlUi: ByteSet }
  firstVisit: Record<SubjectId, FirstVisit>
  lighthouse: Record<SubjectId, LighthouseResult | { error: string }>
  subjects: Record<SubjectId, SubjectResult | { error: string }>
  reconnect: RestartRound[]
  /** Why an app took no part in the restarts. */
  reconnectErrors: Partial<Record<SubjectId, string>>
  history: { totalMessages: number | null; seedMs: number }
  /** The scanner rows (scanTiming.ts); absent in reports from before them. */
  scan?: ScanBench | { error: string }
  notes: string[]
}

const SUBJECTS: SubjectId[] = ['app', 'controlUi']
export const median = (values: number[]): number | null => {
  const value = middle(values)
  return value === null ? null : Math.round(value)
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const na = (why: string) => `n/a (${why})`
const isError = (value: object): value is { error: string } => 'error' in value

function subjectCell(data: BenchData, id: SubjectId, cell: (result: SubjectResult) => string): string {
  const result = data.subjects[id]
  return isError(result) ? na(result.error) : cell(result)
}

function orNa<T extends object>(value: T | { error: string }, cell: (value: T) => string): string {
  return isError(value) ? na(value.error) : cell(value)
}

function streamCell(pick: (s: StreamingResult) => string) {
  return (r: SubjectResult) => (isError(r.streaming) ? na(r.streaming.error) : pick(r.streaming))
}

function historyCell(pick: (h: HistoryResult) => string) {
  return (r: SubjectResult) => (isError(r.history) ? na(r.history.error) : pick(r.history))
}

function lighthouseCell(data: BenchData, id: SubjectId, key: keyof LighthouseResult['scores']): string {
  const result = data.lighthouse[id]
  if (isError(result)) return na(result.error)
  const score = result.scores[key]?.toFixed(2) ?? 'n/a'
  const runs = result.performanceRuns
  if (key !== 'performance' || !runs || runs.length < 2) return score
  return `${score} (median run of ${runs.length}: ${runs.map((run) => run?.toFixed(2) ?? 'n/a').join(', ')})`
}

/** A cell of the approval rows: n/a when the report has no approval figures (older ones) or they failed. */
function approvalsCell(pick: (a: ApprovalPromptResult) => string) {
  return (r: SubjectResult) => (!r.approvals ? na('not measured') : isError(r.approvals) ? na(r.approvals.error) : pick(r.approvals))
}

const approvalCell = approvalsCell((approvals) => {
  const values = numbers(approvals.rounds.map((round) => round?.createdToPaintedMs))
  const med = median(values)
  return med === null ? na(`no prompt seen in ${approvals.rounds.length} requests`) : msRange(values, med, approvals.rounds.length - values.length)
})

const approvalEventCell = approvalsCell((approvals) => {
  const timed = approvals.rounds.filter((round) => round?.eventToPaintedMs !== undefined)
  const values = numbers(timed.map((round) => round?.eventToPaintedMs))
  const med = median(values)
  if (med === null) return na('no approval event seen')
  const events = [...new Set(timed.map((round) => round?.firstEvent))].join(', ')
  return `${msRange(values, med, approvals.rounds.length - values.length)} (from ${events})`
})

const numbers = (values: Array<number | null | undefined>): number[] => values.filter((v): v is number => typeof v === 'number')
const msRange = (values: number[], med: number, missed: number) =>
  `${med} ms (${Math.min(...values)}–${Math.max(...values)}${missed ? `, ${missed} missed` : ''})`

/** The rounds the apps took part in, and the device-token floor's own rounds (no page measured in them). */
function roundsOf(data: BenchData, kind: RestartKind) {
  const all = data.reconnect.filter((r) => r.kind === kind)
  return { apps: all.filter((r) => r.deviceFloorMs === undefined), device: all.filter((r) => r.deviceFloorMs !== undefined) }
}

type FloorId = 'deviceFloor' | 'cliFloor'

/** A floor's rounds and the times it got in: the device-token floor in its own rounds, the CLI floor in the apps'. */
function floorSample(data: BenchData, kind: RestartKind, floor: FloorId): { rounds: RestartRound[]; values: number[] } {
  const { apps, device } = roundsOf(data, kind)
  return floor === 'deviceFloor'
    ? { rounds: device, values: numbers(device.map((r) => r.deviceFloorMs)) }
    : { rounds: apps, values: numbers(apps.map((r) => r.floorMs)) }
}

function floorCell(data: BenchData, kind: RestartKind, floor: FloorId): string {
  const { rounds, values } = floorSample(data, kind, floor)
  if (!rounds.length) return na('not run')
  const med = median(values)
  return med === null ? na(`no hello-ok in ${rounds.length} rounds`) : msRange(values, med, rounds.length - values.length)
}

function reconnectCell(data: BenchData, kind: RestartKind, id: SubjectId): string {
  if (data.reconnectErrors[id]) return na(data.reconnectErrors[id])
  const rounds = roundsOf(data, kind).apps.filter((r) => id in r.pages)
  if (!rounds.length) return na('not run')
  const values = numbers(rounds.map((r) => r.pages[id]))
  const med = median(values)
  if (med === null) return na(`no hello-ok in ${rounds.length} rounds`)
  const { deviceFloor, deviceFloorInterval: interval, cliFloor, unpaired } = reconnectRatios(rounds, roundsOf(data, kind).device, (r) => r.pages[id])
  const ratio = (value: number | null) => (value === null ? 'n/a ×' : `${value.toFixed(2)} ×`)
  const spread = interval ? ` (90% interval ${interval.low.toFixed(2)}–${interval.high.toFixed(2)})` : ''
  return `${msRange(values, med, rounds.length - values.length)}: ${ratio(deviceFloor)}${spread} the device-token floor, ${ratio(cliFloor)} the CLI floor (paired by restart, see the notes; ratios of the plain medians: ${ratio(unpaired.deviceFloor)} / ${ratio(unpaired.cliFloor)})`
}

export function markdownTable(data: BenchData): string {
  const b = data.buildBytes
  const both = (cell: (id: SubjectId) => string) => SUBJECTS.map(cell)
  const rows: string[][] = [
    [
      'First screen JS+CSS gzip, build output: new user',
      '≤ 100 KB',
      `${kb(b.app.onboarding.gzip)} (onboarding)`,
      `${kb(b.controlUi.gzip)} (index.html's scripts, preloads, CSS; its lazy chunks only in the network row)`,
    ],
    ['First screen JS+CSS gzip, build output: returning user', '≤ 100 KB', `${kb(b.app.chat.gzip)} (chat)`, 'same as above'],
    [
      'First screen JS+CSS gzip, network: new user',
      '≤ 100 KB',
      ...both((id) => orNa(data.firstVisit[id].bytesNewUser, (n) => `${kb(n.gzip)} (${n.files.length} files; ${kb(n.transfer)} sent)`)),
    ],
    [
      'First screen JS+CSS gzip, network: returning user',
      '≤ 100 KB',
      ...both((id) =>
        subjectCell(data, id, (r) => `${kb(r.bytesReturning.gzip)} (${r.bytesReturning.files.length} files; ${kb(r.bytesReturning.transfer)} sent)`),
      ),
    ],
    ['QR scanner chunk gzip (lazy)', '—', kb(b.app.scanner.gzip), na('the Control UI has no QR scanner')],
    ['Lighthouse performance (mobile)', '≥ 0.95', ...both((id) => lighthouseCell(data, id, 'performance'))],
    ['Lighthouse accessibility', '1.00', ...both((id) => lighthouseCell(data, id, 'accessibility'))],
    ['Lighthouse best practices', '1.00', ...both((id) => lighthouseCell(data, id, 'bestPractices'))],
    [
      'Installable (Chrome: CDP Page.getInstallabilityErrors)',
      'yes',
      ...both((id) => orNa(data.firstVisit[id].installability, (i) => (i.isInstallable ? 'yes' : `no: ${i.errors.join('; ')}`))),
    ],
    [
      'Warm reload → hello-ok, median of 10',
      '≤ 300 ms',
      ...both((id) => subjectCell(data, id, (r) => `${median(r.warmReloadMs)} ms (${Math.min(...r.warmReloadMs)}–${Math.max(...r.warmReloadMs)})`)),
    ],
    ['Reconnect, SIGTERM restart: port open → hello-ok, median', '≤ 1.15 × floor', ...both((id) => reconnectCell(data, 'SIGTERM', id))],
    ['Reconnect, SIGKILL + 20 s down: port open → hello-ok, median', '≤ 1.15 × floor', ...both((id) => reconnectCell(data, 'SIGKILL', id))],
    [
      "Floor: device-token client (the app's connect frame) retrying every 50 ms, in rounds of its own (SIGTERM / SIGKILL)",
      '—',
      `${floorCell(data, 'SIGTERM', 'deviceFloor')} / ${floorCell(data, 'SIGKILL', 'deviceFloor')}`,
      'same floor',
    ],
    [
      "Floor: CLI client (shared token, no device) retrying every 50 ms, in the apps' rounds (SIGTERM / SIGKILL)",
      '—',
      `${floorCell(data, 'SIGTERM', 'cliFloor')} / ${floorCell(data, 'SIGKILL', 'cliFloor')}`,
      'same floor',
    ],
    [
      'Streaming 2,000 chunks: long tasks > 50 ms (longest)',
      'none',
      ...both((id) =>
        subjectCell(
          data,
          id,
          streamCell((s) => `${s.longTasksOver50} (longest ${s.maxLongTaskMs} ms)`),
        ),
      ),
    ],
    [
      'Streaming: last chunk sent → final text painted',
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          streamCell((s) => `${s.finalAfterLastChunkMs} ms`),
        ),
      ),
    ],
    [
      'Streaming: message sent → final text painted',
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          streamCell((s) => `${s.sendToFinalMs} ms`),
        ),
      ),
    ],
    [
      "Streaming: message sent → chat.send leaves the page (the app's part)",
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          streamCell((s) => (typeof s.sendToRequestMs === 'number' ? `${s.sendToRequestMs} ms` : 'n/a')),
        ),
      ),
    ],
    [
      "Streaming: message sent → the model's first chunk (the app's and the gateway's part)",
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          streamCell((s) => (s.sendToFirstChunkMs === undefined ? 'n/a' : `${s.sendToFirstChunkMs} ms`)),
        ),
      ),
    ],
    [
      'History, 1,000 messages: open session → newest message painted',
      '≤ 150 ms',
      ...both((id) =>
        subjectCell(
          data,
          id,
          historyCell((h) => `${h.openMs} ms`),
        ),
      ),
    ],
    [
      'History: open session → its history request leaves / its answer arrives (in the page; the rest of the open is drawing)',
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          historyCell((h) => (h.openRequestMs === undefined ? 'n/a' : `${h.openRequestMs ?? 'n/a'} ms / ${h.openAnswerMs ?? 'n/a'} ms`)),
        ),
      ),
    ],
    [
      'History: reload with that session open → newest message painted',
      '—',
      ...both((id) =>
        subjectCell(
          data,
          id,
          historyCell((h) => `${h.reloadToNewestMs} ms`),
        ),
      ),
    ],
    [
      'History: JS heap after opening (after GC / before)',
      '≤ 60 MB',
      ...both((id) =>
        subjectCell(
          data,
          id,
          historyCell((h) => `${mb(h.heapAfterOpen.afterGcBytes)} / ${mb(h.heapAfterOpen.usedBytes)}`),
        ),
      ),
    ],
    ['Exec approval: the gateway records the request → its prompt painted, median of 10', '≤ 100 ms', ...both((id) => subjectCell(data, id, approvalCell))],
    [
      "Exec approval: the first approval event reaches the page → its prompt painted (the app's part), median",
      '—',
      ...both((id) => subjectCell(data, id, approvalEventCell)),
    ],
  ]
  const header = ['Figure', 'Target', 'This app', 'Control UI']
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
}

export function markdownReport(data: BenchData): string {
  const env = data.environment
  return [
    "# Benchmark: this app next to the gateway's Control UI",
    '',
    `Run ${env.date} on ${env.machine}; Node ${env.node}, ${env.chromium}, OpenClaw gateway ${env.gateway}.`,
    `Load average before/after: ${env.loadBefore.map((n) => n.toFixed(1)).join(', ')} / ${env.loadAfter.map((n) => n.toFixed(1)).join(', ')}; the bench took ${Math.round(env.durationS)} s.`,
    '',
    markdownTable(data),
    '',
    ...(data.scan ? ['## Scanner', '', 'error' in data.scan ? `Not measured: ${data.scan.error}` : scanTable(data.scan), ''] : []),
    '## Notes',
    '',
    ...data.notes.map((note) => `- ${note}`),
    '',
  ].join('\n')
}

export async function writeReport(dir: string, data: BenchData): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true })
  const stamp = data.environment.date.replace(/[:.]/g, '-')
  const markdown = path.join(dir, `bench-${stamp}.md`)
  const json = path.join(dir, `bench-${stamp}.json`)
  await writeFile(markdown, markdownReport(data))
  await writeFile(json, JSON.stringify(data, null, 2))
  await writeFile(path.join(dir, 'latest.md'), markdownReport(data))
  await writeFile(path.join(dir, 'latest.json'), JSON.stringify(data, null, 2))
  return { markdown, json }
}
