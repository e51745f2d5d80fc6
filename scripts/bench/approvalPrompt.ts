/**
 * The approval row: the gateway recording an exec approval request → the app's prompt for it
 * painted, 10 times per app. The page sends a message on the main session (the gateway shows a
 * device only the requests of runs it started, unless it is an admin), the fake model answers by
 * calling the gateway's `exec` tool with a command no one typed (so its text shows up only in the
 * prompt and in tool activity), and an admin client denies each request the way the CLI would, so
 * that run ends before the next one starts.
 */
import { connectAdmin } from '../../harness/adminClient'
import { echoReply, type FakeModel } from '../../harness/fakeModel'
import type { TestGateway } from '../../harness/testGateway'
import { takeEventArrivals, waitForText, watchEvents, watchText } from './probe'
import type { Subject } from './subjects'
import type { Page } from '@playwright/test'

export const APPROVAL_ROUNDS = 10
const PROMPT_TIMEOUT_MS = 30_000
const RUN_END_TIMEOUT_MS = 30_000
const SETTLE_MS = 300

/**
 * One request: from the gateway recording it (its createdAtMs) to the frame after the prompt showed
 * the command (the page's Date.now(); one machine, one clock), and in the page's own clock from the
 * first approval event that reached the page to that frame.
 */
export type ApprovalPromptRound = { createdToPaintedMs: number; firstEvent?: string; eventToPaintedMs?: number }
/** Null: the prompt was not seen within 30 s (or the gateway no longer listed the request). */
export type ApprovalPromptResult = { rounds: Array<ApprovalPromptRound | null> }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function approvalPrompts(page: Page, subject: Subject, gateway: TestGateway, model: FakeModel): Promise<ApprovalPromptResult> {
  const admin = await connectAdmin(gateway.url, gateway.token)
  model.setResponder((text) => {
    const nonce = /^bench approval (\S+)$/.exec(text)?.[1]
    return nonce ? { chunks: [], toolCall: { name: 'exec', arguments: { command: `printf bench-approval-${nonce}` } } } : echoReply(text)
  })
  const rounds: ApprovalPromptResult['rounds'] = []
  try {
    for (let round = 0; round < APPROVAL_ROUNDS; round++) {
      const nonce = `${subject.id}-${round}-${Date.now().toString(36)}`
      const marker = `bench-approval-${nonce}`
      await watchText(page, marker, subject.approvalPromptSelector)
      await watchEvents(page, marker)
      const toolResultsBefore = model.toolResults.length
      await subject.send(page, `bench approval ${nonce}`)
      const painted = await waitForText(page, marker, PROMPT_TIMEOUT_MS).catch(() => null)
      const arrivals = await takeEventArrivals(page, marker)
      const pending = (await admin.call('exec.approval.list', {})) as Array<{ id: string; createdAtMs?: number; request?: { command?: string } }>
      const record = pending.find((entry) => entry.request?.command?.includes(marker))
      // The first event that brought the request itself (exec.approval.requested, or session.approval to a session's subscriber).
      const first = arrivals.find((arrival) => arrival.event.includes('approval'))
      rounds.push(
        painted?.frameEpochMs !== undefined && typeof record?.createdAtMs === 'number'
          ? {
              createdToPaintedMs: Math.round(painted.frameEpochMs - record.createdAtMs),
              ...(first && painted.frameAt !== undefined ? { firstEvent: first.event, eventToPaintedMs: Math.round(painted.frameAt - first.at) } : {}),
            }
          : null,
      )
      // Deny it the way the CLI would, then wait for the run to end with the denial as the tool's result.
      if (record) await admin.call('exec.approval.resolve', { id: record.id, decision: 'deny' })
      for (let waited = 0; model.toolResults.length === toolResultsBefore && waited < RUN_END_TIMEOUT_MS; waited += 100) await sleep(100)
      await page.waitForTimeout(SETTLE_MS)
    }
  } finally {
    model.setResponder(echoReply)
    admin.close()
  }
  return { rounds }
}
