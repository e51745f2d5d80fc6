/**
 * The reconnect rounds: both apps open and connected (each in its own context, on its chat), then
 * SIGTERM and SIGKILL restarts taken in turn, each measured by restartRound(). With a device-token
 * floor, each round adds one SIGTERM and one SIGKILL restart with the floor in this app's place (its
 * page closed, the Control UI open, the CLI floor running): an A/B swap, because the gateway's first
 * device-token connect after a start is its slowest and whoever makes it pays for the rest
 * (floorClient.ts). A round takes a minute or three, mostly the gateway's own start-up: at least
 * `min` rounds run, then more up to `max` while the next one still fits before `deadline`.
 */
import { performance } from 'node:perf_hooks'
import type { BrowserContext, Page } from '@playwright/test'
import type { TestGateway } from '../../harness/testGateway'
import { HelloWatcher } from './probe'
import type { FloorCredential } from './floorClient'
import { restartRound, type RestartKind, type RestartRound } from './reconnect'
import type { Subject, SubjectId } from './subjects'

const SETTLE_MS = 2_000

export type RoundPlan = { min: number; max: number /** performance.now() by which the last round should end. */; deadline: number }

export async function measureReconnects(
  gateway: TestGateway,
  contexts: Record<SubjectId, BrowserContext>,
  subjects: Record<SubjectId, Subject>,
  plan: RoundPlan,
  floors: { cli: FloorCredential; device?: FloorCredential },
  log: (line: string) => void,
): Promise<{ rounds: RestartRound[]; errors: Partial<Record<SubjectId, string>> }> {
  const ids: SubjectId[] = []
  const pages = {} as Record<SubjectId, Page>
  const watchers = {} as Record<SubjectId, HelloWatcher>
  const errors: Partial<Record<SubjectId, string>> = {}
  /** Opens the app's chat in a new page of its context, watched for hello-ok. */
  const openChat = async (id: SubjectId) => {
    pages[id] = await contexts[id].newPage()
    watchers[id] = new HelloWatcher(pages[id])
    await pages[id].goto(subjects[id].sessionUrl('agent:main:main') ?? subjects[id].firstUrl)
    await subjects[id].waitChat(pages[id])
  }
  for (const id of Object.keys(subjects) as SubjectId[]) {
    try {
      await openChat(id)
      ids.push(id)
    } catch (error) {
      errors[id] = `its chat did not come up before the restarts: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
      log(`${subjects[id].label}: ${errors[id]}`)
      await pages[id]?.close()
      delete watchers[id]
    }
  }
  const results: RestartRound[] = []
  if (!ids.length) return { rounds: results, errors }
  /** Both apps back on their chat before the next restart (a page that never came back is reloaded). */
  const backOnChat = async (which: SubjectId[] = ids) => {
    for (const id of which) {
      await subjects[id].waitChat(pages[id]).catch(async () => {
        log(`  ${id} did not come back by itself; reloading it`)
        await pages[id].reload()
        await subjects[id].waitChat(pages[id])
      })
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
  }
  try {
    let slowest = 0
    for (let round = 0; round < plan.max; round++) {
      const roundStart = performance.now()
      if (round >= plan.min && roundStart + slowest > plan.deadline) {
        log(`reconnect: stopping after ${round} rounds to keep the bench within its time budget`)
        break
      }
      for (const kind of ['SIGTERM', 'SIGKILL'] as RestartKind[]) {
        log(`reconnect round ${round + 1} (${plan.min}–${plan.max}): ${kind}${kind === 'SIGKILL' ? ', 20 s down' : ''}`)
        const result = await restartRound(gateway, kind, { cli: floors.cli, watchers })
        log(`  port open → hello-ok: CLI floor ${result.floorMs} ms, ${ids.map((id) => `${id} ${result.pages[id]} ms`).join(', ')}`)
        results.push(result)
        await backOnChat()
      }
      if (floors.device && ids.includes('app')) {
        // NOTE: the page is closed, not offline: with contexts offline Chromium's network service
        // spun at 100% of a core through the restart, slowing every client. The Control UI stays open
        // (unmeasured) so the gateway restarts under the same load as in the app's own restarts.
        await pages.app.close()
        try {
          for (const kind of ['SIGTERM', 'SIGKILL'] as RestartKind[]) {
            log(`reconnect round ${round + 1}: ${kind}${kind === 'SIGKILL' ? ', 20 s down' : ''}, the device-token floor in this app's place`)
            const result = await restartRound(gateway, kind, { cli: floors.cli, device: floors.device, watchers: {} })
            log(`  port open → hello-ok: CLI floor ${result.floorMs} ms, device-token floor ${result.deviceFloorMs} ms`)
            results.push(result)
            await backOnChat(ids.filter((id) => id !== 'app'))
          }
        } finally {
          await openChat('app')
        }
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
      }
      slowest = Math.max(slowest, performance.now() - roundStart)
    }
  } finally {
    for (const id of ids) await pages[id].close().catch(() => {})
  }
  return { rounds: results, errors }
}
