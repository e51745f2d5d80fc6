/**
 * The reconnect rounds: both apps open and connected (each in its own context, on its chat), then
 * SIGTERM and SIGKILL restarts taken in turn, each measured by restartRound(). A round (one of each)
 * takes a minute or two, mostly the gateway's own start-up: at least `min` rounds run, then more up to
 * `max` while the next one still fits before `deadline`.
 */
import { performance } from 'node:perf_hooks'
import type { BrowserContext, Page } from '@playwright/test'
import type { TestGateway } from '../../e2e/gateway/testGateway'
import { HelloWatcher } from './probe'
import { restartRound, type RestartKind, type RestartRound } from './reconnect'
import type { Subject, SubjectId } from './subjects'

const SETTLE_MS = 2_000

export type RoundPlan = { min: number; max: number; /** performance.now() by which the last round should end. */ deadline: number }

export async function measureReconnects(
  gateway: TestGateway,
  contexts: Record<SubjectId, BrowserContext>,
  subjects: Record<SubjectId, Subject>,
  plan: RoundPlan,
  log: (line: string) => void,
): Promise<{ rounds: RestartRound[]; errors: Partial<Record<SubjectId, string>> }> {
  const ids: SubjectId[] = []
  const pages = {} as Record<SubjectId, Page>
  const watchers = {} as Record<SubjectId, HelloWatcher>
  const errors: Partial<Record<SubjectId, string>> = {}
  for (const id of Object.keys(subjects) as SubjectId[]) {
    pages[id] = await contexts[id].newPage()
    watchers[id] = new HelloWatcher(pages[id])
    try {
      await pages[id].goto(subjects[id].sessionUrl('agent:main:main') ?? subjects[id].firstUrl)
      await subjects[id].waitChat(pages[id])
      ids.push(id)
    } catch (error) {
      errors[id] = `its chat did not come up before the restarts: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
      log(`${subjects[id].label}: ${errors[id]}`)
      await pages[id].close()
      delete watchers[id]
    }
  }
  const results: RestartRound[] = []
  if (!ids.length) return { rounds: results, errors }
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
        const result = await restartRound(gateway, kind, watchers)
        log(`  port open → hello-ok: floor ${result.floorMs} ms, ${ids.map((id) => `${id} ${result.pages[id]} ms`).join(', ')}`)
        results.push(result)
        // Both apps back on their chat before the next restart (a page that never came back is reloaded).
        for (const id of ids) {
          await subjects[id].waitChat(pages[id]).catch(async () => {
            log(`  ${id} did not come back by itself; reloading it`)
            await pages[id].reload()
            await subjects[id].waitChat(pages[id])
          })
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
