/**
 * `npm run bench`: this app next to the Control UI of the same real gateway, same Chromium, same
 * flags, same run. Builds the app, serves it on a free loopback port, starts the fake model and a
 * gateway, seeds a 1,000-message session, then measures bytes, Lighthouse, warm reloads, streaming,
 * approval prompts, history and reconnects. Prints the table and writes Markdown + JSON under bench-results/.
 * It never fails on timings; the byte budget is enforced by `npm run check:size`.
 *
 * Options: --min-rounds N / --max-rounds N (restart rounds, each one SIGTERM + one SIGKILL; default
 * 10 and 10: the gateway's start-up moves ±25% between restarts, and with 5 rounds one run's median
 * ratio moved by ±0.1 against a 15% target; rounds past the minimum run only while the bench stays
 * within --budget-min, default 45), --skip-lighthouse.
 * --only scan: only the scanner rows (tap → decoded code, this build beside --scan-baseline, a git ref;
 * --scan-rounds N, default 3), in about two minutes; the full run measures them too, last.
 * --only resume: only the resume rows (back online after new messages arrived: this build, the build
 * before the deltaCursor catch-up, --resume-baseline, and the Control UI; --resume-rounds N, default 5).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { chromium, type Browser } from '@playwright/test'
import { preview, type PreviewServer } from 'vite'
import { launchOptions } from '../../harness/browser'
import { startFakeModel, type FakeModel } from '../../harness/fakeModel'
import { ensureGatewayInstalled } from '../../harness/install'
import { EXEC_NEEDS_APPROVAL, freePort } from '../../harness/gatewayConfig'
import { TestGateway } from '../../harness/testGateway'
import { OPENCLAW_VERSION } from '../../harness/versions'
import { appBuildBytes, buildApp, controlUiBuildBytes, PROJECT_ROOT } from './bundleBytes'
import { seedHistory, warmUpMainSession } from './history'
import { runLighthouse } from './lighthouse'
import { checkInstallability } from './installability'
import { newBenchContext, pairAgain, prepareSubject, timeSubject } from './measureSubject'
import { benchNotes } from './notes'
import { cliCredential, pairDeviceCredential } from './floorClient'
import { measureReconnects } from './reconnectRun'
import { markdownTable, writeReport, type BenchData } from './report'
import { measureResume, RESUME_BASELINE_REF, resumeTable } from './resume'
import { measureScans, SCAN_BASELINE_REF, scanTable } from './scanTiming'
import { controlUi, ourApp, setupCode, type SubjectId } from './subjects'

const { values: args } = parseArgs({
  options: {
    'min-rounds': { type: 'string', default: '10' },
    'max-rounds': { type: 'string', default: '10' },
    'budget-min': { type: 'string', default: '45' },
    'skip-lighthouse': { type: 'boolean', default: false },
    only: { type: 'string' },
    'scan-rounds': { type: 'string', default: '3' },
    'scan-baseline': { type: 'string', default: SCAN_BASELINE_REF },
    'resume-rounds': { type: 'string', default: '5' },
    'resume-baseline': { type: 'string', default: RESUME_BASELINE_REF },
  },
})
const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench-results')
const BUILD_DIR = path.join(RESULTS_DIR, '.build')
const IDS: SubjectId[] = ['app', 'controlUi']

const started = performance.now()
const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`)
const failure = (error: unknown) => ({ error: error instanceof Error ? error.message.split('\n')[0]! : String(error) })

const scanOptions = () => ({ rounds: Number(args['scan-rounds']), baselineRef: args['scan-baseline'], newBuildDir: BUILD_DIR, log })

/** `--only scan`: builds this tree, measures the scanner rows beside the baseline build, writes bench-results/scan-latest.*. */
async function scanOnly(): Promise<void> {
  log('building the app (into bench-results/.build)')
  await buildApp(BUILD_DIR)
  const scan = await measureScans(scanOptions())
  const table = scanTable(scan)
  await mkdir(RESULTS_DIR, { recursive: true })
  await writeFile(path.join(RESULTS_DIR, 'scan-latest.json'), JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...scan }, null, 2))
  await writeFile(path.join(RESULTS_DIR, 'scan-latest.md'), `# Scanner: tap → decoded code\n\nRun ${new Date().toISOString()} on ${machine()}.\n\n${table}\n`)
  console.log(`\n${table}\n`)
}

/** `--only resume`: builds this tree, measures coming back online with new messages (this build, the build before, the Control UI). */
async function resumeOnly(): Promise<void> {
  log('building the app (into bench-results/.build)')
  await buildApp(BUILD_DIR)
  const resume = await measureResume({ rounds: Number(args['resume-rounds']), baselineRef: args['resume-baseline'], newBuildDir: BUILD_DIR, log })
  const table = resumeTable(resume)
  await mkdir(RESULTS_DIR, { recursive: true })
  await writeFile(path.join(RESULTS_DIR, 'resume-latest.json'), JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...resume }, null, 2))
  await writeFile(
    path.join(RESULTS_DIR, 'resume-latest.md'),
    `# Resume: back online → new messages on screen\n\nRun ${new Date().toISOString()} on ${machine()}.\n\n${table}\n`,
  )
  console.log(`\n${table}\n`)
}

const machine = () => `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`

async function main(): Promise<void> {
  const loadBefore = os.loadavg()
  let server: PreviewServer | undefined
  let model: FakeModel | undefined
  let gateway: TestGateway | undefined
  let browser: Browser | undefined
  try {
    const install = await ensureGatewayInstalled(log)
    model = await startFakeModel()
    const appPort = await freePort()
    const appOrigin = `http://localhost:${appPort}`
    log('building the app (with a manifest, into bench-results/.build) while the gateway starts')
    const [built, startedGateway] = await Promise.allSettled([
      buildApp(BUILD_DIR),
      // Exec needs a human, for the approval row (runs that call no tool are not affected).
      TestGateway.start({ modelBaseUrl: model.baseUrl, allowedOrigins: [appOrigin], config: EXEC_NEEDS_APPROVAL, log }),
    ])
    if (startedGateway.status === 'fulfilled') gateway = startedGateway.value
    if (built.status === 'rejected') throw built.reason
    if (!gateway) throw (startedGateway as PromiseRejectedResult).reason
    const buildBytes = { app: await appBuildBytes(BUILD_DIR), controlUi: await controlUiBuildBytes(path.join(install.openclawDir, 'dist', 'control-ui')) }
    server = await preview({
      root: PROJECT_ROOT,
      logLevel: 'warn',
      build: { outDir: BUILD_DIR },
      preview: { port: appPort, strictPort: true, host: 'localhost' },
    })
    const subjects = { app: ourApp(appOrigin, gateway), controlUi: controlUi(gateway) }

    // Untimed steps (bytes, pairing, installability) run while the 1,000-message session is seeded.
    log('seeding a 1,000-message session (chat.send + chat.inject) in the background')
    const seeding = seedHistory(gateway, model, Date.now().toString(36))
    seeding.catch(() => {}) // awaited below
    browser = await chromium.launch(launchOptions())
    const contexts = { app: await newBenchContext(browser), controlUi: await newBenchContext(browser) }
    const firstVisit = {} as BenchData['firstVisit']
    for (const id of IDS) {
      const bytesNewUser = await prepareSubject(contexts[id], subjects[id], log).catch(failure)
      log(`${subjects[id].label}: installability`)
      firstVisit[id] = { bytesNewUser, installability: await checkInstallability(subjects[id].firstUrl, subjects[id].waitFirstScreen).catch(failure) }
    }
    const seeded = await seeding
    log(`seeded ${seeded.totalMessages} messages in ${(seeded.seedMs / 1000).toFixed(1)} s`)

    const lighthouse = {} as BenchData['lighthouse']
    for (const id of IDS) {
      if (args['skip-lighthouse']) {
        lighthouse[id] = { error: 'skipped (--skip-lighthouse)' }
        continue
      }
      log(`Lighthouse: ${subjects[id].label}`)
      lighthouse[id] = await runLighthouse(install.nodeBin, subjects[id].firstUrl, path.join(RESULTS_DIR, `lighthouse-${id}`)).catch(failure)
    }
    // Lighthouse's fresh profiles were new silent pairings: the bench's own browser may have lost its own.
    for (const id of IDS) {
      if (args['skip-lighthouse'] || !subjects[id].pairsSilently || 'error' in firstVisit[id].bytesNewUser) continue
      log(`${subjects[id].label}: pairing again after Lighthouse`)
      await pairAgain(contexts[id], subjects[id]).catch((error: unknown) => log(`${subjects[id].label}: pairing again failed: ${failure(error).error}`))
    }

    const results = {} as BenchData['subjects']
    const [runningGateway, runningModel] = [gateway, model]
    for (const id of IDS) {
      const paired = firstVisit[id].bytesNewUser
      const warmUp = () => warmUpMainSession(runningGateway, runningModel, `${id}-${Date.now().toString(36)}`)
      results[id] =
        'error' in paired
          ? { error: `pairing failed: ${paired.error}` }
          : await timeSubject(contexts[id], subjects[id], model, runningGateway, seeded, warmUp, log).catch(failure)
    }

    const plan = { min: Number(args['min-rounds']), max: Number(args['max-rounds']), deadline: started + Number(args['budget-min']) * 60_000 }
    log('pairing the device-token floor client (as the app pairs: setup code, request, approval)')
    const device = await pairDeviceCredential(gateway, appOrigin, await setupCode(gateway)).catch(failure)
    if ('error' in device) log(`device-token floor: ${device.error}; its rounds are skipped`)
    const floors = { cli: cliCredential(gateway.token), ...('error' in device ? {} : { device }) }
    const { rounds: reconnect, errors: reconnectErrors } = await measureReconnects(gateway, contexts, subjects, plan, floors, log).catch((error: unknown) => ({
      rounds: [],
      errors: { app: failure(error).error, controlUi: failure(error).error },
    }))

    log('scanner: tap → decoded code, this build beside the one before the scanner work')
    const scan = await measureScans(scanOptions()).catch(failure)

    const data: BenchData = {
      environment: {
        date: new Date().toISOString(),
        machine: machine(),
        node: process.version,
        chromium: `Chromium ${browser.version()}`,
        gateway: OPENCLAW_VERSION,
        loadBefore,
        loadAfter: os.loadavg(),
        durationS: (performance.now() - started) / 1000,
      },
      buildBytes,
      firstVisit,
      lighthouse,
      subjects: results,
      reconnect,
      reconnectErrors,
      history: { totalMessages: seeded.totalMessages, seedMs: seeded.seedMs },
      scan,
      notes: [],
    }
    data.notes = benchNotes(data)
    const written = await writeReport(RESULTS_DIR, data)
    console.log(`\n${markdownTable(data)}\n`)
    if (!('error' in scan)) console.log(`${scanTable(scan)}\n`)
    for (const note of data.notes) console.log(`- ${note}`)
    console.log(`\nReport: ${path.relative(PROJECT_ROOT, written.markdown)} (data: ${path.relative(PROJECT_ROOT, written.json)})`)
  } finally {
    await browser?.close().catch(() => {})
    await server?.close().catch(() => {})
    await gateway?.dispose().catch(() => {})
    await model?.close().catch(() => {})
  }
}

await (args.only === 'scan' ? scanOnly() : args.only === 'resume' ? resumeOnly() : main())
