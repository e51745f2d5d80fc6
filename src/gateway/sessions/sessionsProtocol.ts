/**
 * zod schemas of the session and chat-depth methods (openclaw 2026.9.6): the session list and its
 * rows, `sessions.create`, `sessions.search`, `models.list`, `commands.list`, `chat.message.get`,
 * and the `session.tool` event. Built with `zodKit` (see protocol.ts): only lazy chunks import this
 * folder, and their schemas must not pull zod out of the entry. Loose objects: the gateway adds
 * fields between releases; lists are parsed entry by entry so one bad entry never costs the rest.
 */
import type * as zod from 'zod/mini'
import { zodKit as z } from '../protocol'

const nonEmpty = () => z.string().check(z.minLength(1))
const maybe = <T extends Parameters<typeof z.optional>[0]>(schema: T) => z.optional(z.nullable(schema))
const entries = () => z._default(z.array(z.unknown()), [])

/** One row of `sessions.list` (and of `sessions.subscribe`'s list, `sessions.search`'s sessions). */
export const SessionListRow = z.looseObject({
  key: nonEmpty(),
  /** Names the session's current incarnation: archive and delete must say which one they mean. */
  sessionId: maybe(z.string()),
  updatedAt: maybe(z.number()),
  createdAt: maybe(z.number()),
  /** The user's own name for the session (a rename); the gateway's names come after it. */
  label: maybe(z.string()),
  displayName: maybe(z.string()),
  derivedTitle: maybe(z.string()),
  title: maybe(z.string()),
  lastMessagePreview: maybe(z.string()),
  isMain: maybe(z.boolean()),
  hasActiveRun: maybe(z.boolean()),
  archived: maybe(z.boolean()),
  unread: maybe(z.boolean()),
  model: maybe(z.string()),
  modelProvider: maybe(z.string()),
  thinkingLevel: maybe(z.string()),
  thinkingOptions: maybe(z.array(z.unknown())),
  thinkingDefault: maybe(z.string()),
})

/** `sessions.list`; rows are parsed one by one. */
export const SessionsListResult = z.looseObject({ sessions: entries() })
/** `sessions.subscribe`: may carry the first list, saving a `sessions.list`. */
export const SessionsSubscribeResult = z.looseObject({ list: z.optional(SessionsListResult) })
/** `sessions.create`. */
export const SessionsCreateResult = z.looseObject({ key: nonEmpty() })

/** `sessions.search`: transcript hits (with a snippet each) and the rows of the sessions they are in. */
export const SessionsSearchResult = z.looseObject({ results: entries(), sessions: z.optional(entries()), indexing: maybe(z.boolean()) })
export const SessionSearchHit = z.looseObject({
  sessionKey: nonEmpty(),
  messageId: z.optional(z.string()),
  role: z.optional(z.string()),
  timestamp: z.optional(z.number()),
  snippet: z._default(z.string(), ''),
})

/** `models.list`; entries parsed one by one. */
export const ModelsListResult = z.looseObject({ models: entries() })
export const ModelEntry = z.looseObject({
  id: nonEmpty(),
  name: maybe(z.string()),
  provider: maybe(z.string()),
  available: maybe(z.boolean()),
  thinkingLevels: maybe(z.array(z.unknown())),
  thinkingDefault: maybe(z.string()),
})
/** `{ id, label }` of a model's or a session's thinking levels. */
export const ThinkingLevel = z.looseObject({ id: nonEmpty(), label: maybe(z.string()) })

/** `commands.list`; entries parsed one by one. */
export const CommandsListResult = z.looseObject({ commands: entries() })
export const CommandArg = z.looseObject({
  name: nonEmpty(),
  description: z._default(z.string(), ''),
  required: maybe(z.boolean()),
  choices: maybe(z.array(z.looseObject({ value: z.string(), label: maybe(z.string()) }))),
})
export const CommandEntry = z.looseObject({
  name: nonEmpty(),
  textAliases: maybe(z.array(z.string())),
  description: z._default(z.string(), ''),
  acceptsArgs: maybe(z.boolean()),
  args: maybe(z.array(z.unknown())),
})

/** `chat.message.get`: one stored message, whole (or why not). */
export const ChatMessageGetResult = z.looseObject({ ok: z.boolean(), message: z.optional(z.unknown()), unavailableReason: maybe(z.string()) })

/**
 * `session.tool` (sent to clients that subscribed with `sessions.subscribe`; a client with the
 * `tool-events` cap that started the run gets the same as `agent` events instead): one phase of a
 * tool call, `start` (with its `args`), `update` (`partialResult`) or `result` (`result`, `isError`).
 */
export const SessionToolEvent = z.looseObject({
  runId: z.optional(z.string()),
  sessionKey: nonEmpty(),
  ts: z.optional(z.number()),
  data: z.looseObject({
    phase: nonEmpty(),
    name: z._default(z.string(), ''),
    toolCallId: nonEmpty(),
    args: z.optional(z.unknown()),
    partialResult: z.optional(z.unknown()),
    result: z.optional(z.unknown()),
    isError: maybe(z.boolean()),
    meta: maybe(z.string()),
  }),
})
export type SessionToolEvent = zod.infer<typeof SessionToolEvent>

/** A tool call in an assistant message of `chat.history` (`content` block). */
export const ToolCallBlock = z.looseObject({ type: z.string(), id: nonEmpty(), name: z._default(z.string(), ''), arguments: z.optional(z.unknown()) })
/** What `chat.history` messages carry for tool activity: the role, blocks, a tool result's fields, the run. */
export const ToolHistoryMessage = z.looseObject({
  role: z.string(),
  content: z.optional(z.unknown()),
  timestamp: maybe(z.number()),
  toolCallId: maybe(z.string()),
  toolName: maybe(z.string()),
  isError: maybe(z.boolean()),
  __openclaw: z.optional(z.looseObject({ id: maybe(z.string()) })),
})
/** A tool result's `{ content: [{ type: 'text', text }], details }` (session.tool `result`, `partialResult`). */
export const ToolResultBody = z.looseObject({
  content: z.optional(z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()) }))),
  details: z.optional(z.looseObject({ durationMs: maybe(z.number()), exitCode: maybe(z.number()) })),
})
