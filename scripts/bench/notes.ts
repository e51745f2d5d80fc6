/** How each figure was taken, written next to the table so a reader can judge it. */
import { LATEST_PAGE } from '../../src/store/chatSlice'
import { OLDER_PAGE } from '../../src/store/olderPages'
import { FIRST_SCREEN_BUDGET_BYTES, type ByteSet } from './bundleBytes'
import { LIGHTHOUSE_RUNS } from './lighthouse'
import type { FirstVisit } from './measureSubject'
import type { BenchData } from './report'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const biggest = (set: ByteSet, count = 3) =>
  [...set.files]
    .sort((a, b) => b.gzip - a.gzip)
    .slice(0, count)
    .map((f) => `${f.file.replace(/^assets\//, '')} ${kb(f.gzip)}`)
    .join(', ')

function encodings(visit: FirstVisit): string {
  if ('error' in visit.bytesNewUser) return 'n/a'
  return [...new Set(visit.bytesNewUser.files.map((f) => f.encoding))].join('/')
}

export function benchNotes(data: BenchData): string[] {
  const { app } = data.buildBytes
  const notes = [
    `Bytes, build output (this app): entry chunk + its static imports (modulepreloads) + CSS + the first screen's lazy chunk (Onboarding for a new user, ChatPanel for a returning one), gzip at zlib's default level; budget ${kb(FIRST_SCREEN_BUDGET_BYTES)} (1 KB = 1,024 bytes), enforced by \`npm run check:size\`. Biggest files: ${biggest(app.chat)}. Not counted: the QR scanner (${kb(app.scanner.gzip)}) and ${app.otherDynamic.files.map((f) => f.file.replace(/^assets\//, '')).join(', ')} (${kb(app.otherDynamic.gzip)}).`,
    `Bytes, build output (Control UI): it ships no Vite manifest, so this counts what its index.html loads before any script runs (${data.buildBytes.controlUi.files.length} files); the page chunks it then loads appear in the network rows.`,
    `Bytes, network: every script and stylesheet the page loaded until its first screen was up plus 1 s, with the service worker bypassed and the HTTP cache off; each body gzipped here so both apps count alike (the servers sent ${encodings(data.firstVisit.app)} for this app and ${encodings(data.firstVisit.controlUi)} for the Control UI; "sent" is the bytes on the wire). New user = first visit (this app: onboarding; Control UI: chat after the loopback auto-approval). Returning user = reload of the paired, connected chat.`,
    `Lighthouse 13 (npm \`lighthouse\`, default mobile settings with simulated throttling) on Debian Chromium with the Playwright flags, run on the pinned Node 24; ${LIGHTHOUSE_RUNS} runs per app, and the scores are those of Lighthouse's own median run (computeMedianRun: nearest the median FCP and time to interactive; one run's performance score moves by a few hundredths with the machine), with every run's performance score beside it; a fresh profile each run, so it scores the new-user first screen only. Lighthouse 12+ has no PWA category: installability is Chrome's own verdict, CDP \`Page.getInstallabilityErrors\`, on the new user's first screen in a fresh persistent profile (Playwright's ordinary contexts are incognito, where Chrome never installs).`,
    `Lighthouse CPU benchmark index: this app ${lhIndex(data, 'app')}, Control UI ${lhIndex(data, 'controlUi')} (Lighthouse expects about 1,000+ for its mobile calibration; a low index means a busy machine and lower performance scores).`,
    "Warm reload: from page.reload() to the first `hello-ok` frame on the page's WebSocket (Playwright `framereceived`, this process's clock), with the stored device token; 1 warm-up reload, then 10 measured.",
    `Reconnect: ${reconnectRounds(data)}; both apps (each in its own context, connected) and the CLI floor live through the same restarts; time from the moment the gateway's port accepts TCP (a connect every 2 ms) to each first \`hello-ok\`. SIGTERM rounds start the gateway again at once; SIGKILL rounds keep it down 20 s first. The harness's launch() also probes readiness with an admin connect every 250 ms, for every client alike. The port opens seconds before the gateway accepts a connect, so the floors are mostly the gateway's own start-up.`,
    "Reconnect floors: both retry every 50 ms and ignore the gateway's retryAfterMs. The device-token floor sends the connect frame this app sends (a paired device, src/gateway's buildConnectParams, the same Origin): it differs from the app only in how it retries, so the target is judged against it. It takes this app's place in restarts of its own (this app's page closed; the Control UI open and the CLI floor running, as in this app's restarts), because the gateway's first device-token connect after a start costs it 100–230 ms more than later ones (measured), and in a shared restart the floor, always first, would pay that for the apps. The CLI floor (shared token, no device) is the cheapest connect the gateway has; a browser cannot use it (the gateway drops the scopes of a device-less operator that is not the CLI on loopback).",
    "Reconnect ratios are paired by restart: the gateway's start-up time moves by ±25% from one restart to the next, more than the 15% the target allows, and the device-token floor never shares a restart with this app. So each time is first divided by the CLI floor's time in the same restart (it runs in every restart), and the target compares medians of these per-restart ratios: this app ÷ device-token floor = median(app ÷ CLI floor) ÷ median(device-token floor ÷ CLI floor). The 90% interval next to it is a percentile bootstrap (2,000 resamples of both sets of restarts, seeded): how far one run's median ratio can move with the gateway's start-up luck. The ratios of the plain medians of ms follow in brackets (device-token / CLI floor).",
    "Streaming: the fake model sends 2,000 chunks with no delay; the last one is a marker. Long tasks come from a buffered PerformanceObserver(\"longtask\") in the page, from sending until 1 s after the marker is painted; \"last chunk → painted\" compares the model's Date.now() at the last chunk with the page's Date.now() in the frame after the marker reached the DOM; \"message sent → the model's first chunk\" compares the page's Date.now() just before the click on Send with the model's at its first chunk (the app's and the gateway's part of a send), and \"→ chat.send leaves the page\" is Playwright's framesent for the page's chat.send request in this process's clock, from just before the click (the app's part; the JSON lists every request and response after the click). Right before each app streams, an admin client runs one echo turn on the main session to its end: after a minute without a run the gateway takes seconds longer to call the model (measured with an admin client: 0.4 s to the model's first chunk after 5 or 30 s idle, 2.6 s after 60 s, 3.8 s after 90 s, 4.7 s after 130 s), and before this the app that streamed first paid that.",
    `History: ${data.history.totalMessages ?? '?'} messages (1 chat.send with the echo model, then chat.inject; ${(data.history.seedMs / 1000).toFixed(0)} s to seed). "Open" = click on the session in the app's own list → newest message painted; heap = CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage (and before it). The request and answer times come from a hook on the page's WebSocket (armed only for the open), in the page's clock; the answer is mostly the gateway's time, and the first history read of a session after it starts or connects costs it more than later ones. Each app renders only the newest page: this app asks chat.history for ${LATEST_PAGE} (older pages of ${OLDER_PAGE} as the reader scrolls back), the Control UI asks chat.startup for 80.`,
    "Exec approval: the gateway runs exec on its own host and asks a human for every command (tools.exec ask \"always\"). The page sends a message on the main session (the gateway shows a paired device only the requests of runs it started; the Control UI, an admin, sees all), and the fake model answers it by calling the exec tool with a command no one typed. The time runs from the request's createdAtMs (the gateway's clock) to the page's Date.now() in the frame after the command appears inside the app's prompt (one machine, one clock): this app's card in the chat of the session that asked (.approval-card), the Control UI's inline approval card above its composer (.exec-approval-card; its tool row also shows the command and does not count). The second row is the page's own part, in its clock: from the first approval event that reached it (a listener the probe adds as each WebSocket is made, so before the app's own) to that frame; the Control UI subscribes to the session's approval stream (session.approval), this app takes exec.approval.requested. An admin client then denies each request, and the next one starts once the model has seen the denial. 10 requests per app, one app's page open at a time.",
    `The machine is shared: load average ${data.environment.loadBefore[0]!.toFixed(1)} before and ${data.environment.loadAfter[0]!.toFixed(1)} after on ${data.environment.machine}; timings move with it, so compare the two columns of one run rather than runs.`,
  ]
  for (const id of ['app', 'controlUi'] as const) {
    const lh = data.lighthouse[id]
    if (!('error' in lh) && lh.failedAudits.length)
      notes.push(`Lighthouse audits that lost points (${id === 'app' ? 'this app' : 'Control UI'}): ${lh.failedAudits.join(', ')}.`)
  }
  return notes
}

function lhIndex(data: BenchData, id: 'app' | 'controlUi'): string {
  const lh = data.lighthouse[id]
  return 'error' in lh || lh.benchmarkIndex === null ? 'n/a' : String(Math.round(lh.benchmarkIndex))
}

function reconnectRounds(data: BenchData): string {
  const appRounds = data.reconnect.filter((r) => r.deviceFloorMs === undefined).length / 2
  const floorRounds = data.reconnect.filter((r) => r.deviceFloorMs !== undefined).length / 2
  return `${appRounds} rounds of one SIGTERM and one SIGKILL restart with both apps${floorRounds ? `, each followed by one of each with the device-token floor in this app's place (${floorRounds})` : ''}`
}
