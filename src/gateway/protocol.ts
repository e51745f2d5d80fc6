/**
 * zod schemas for every frame the app sends to or reads from an OpenClaw gateway (protocol 4,
 * openclaw 2026.9.6). Inbound schemas are loose: the gateway adds fields between releases and we
 * must not reject a frame for carrying something new. Outbound frames are built from these types,
 * and the gateway's own schemas are closed, so we never put anything extra into them.
 */
import * as z from 'zod/mini'

export const PROTOCOL_VERSION = 4

/**
 * A safe integer. NOTE: not z.int(): every zod kind used anywhere in the app (lazy chunks too: they
 * share zod's modules with the entry) is first-screen bytes under a 100 KB budget. Measured, gzip:
 * z.int 465 B, z.discriminatedUnion 520 B, z.extend 436 B, z.enum 257 B, z.regex 171 B. So the app
 * writes these with the kinds it has anyway: a number with a refine, a plain union, a spread shape,
 * z.literal with a list, a refine.
 */
export const integer = () => z.number().check(z.refine(Number.isSafeInteger, 'expected an integer'))

export const ErrorShape = z.looseObject({
  code: z.string().check(z.minLength(1)),
  message: z.string(),
  details: z.optional(z.unknown()),
  retryable: z.optional(z.boolean()),
  retryAfterMs: z.optional(z.number().check(z.nonnegative())),
})
export type ErrorShape = z.infer<typeof ErrorShape>

export const ResFrame = z.looseObject({
  type: z.literal('res'),
  id: z.string().check(z.minLength(1)),
  ok: z.boolean(),
  payload: z.optional(z.unknown()),
  error: z.optional(ErrorShape),
})
export type ResFrame = z.infer<typeof ResFrame>

export const EventFrame = z.looseObject({
  type: z.literal('event'),
  event: z.string().check(z.minLength(1)),
  payload: z.optional(z.unknown()),
  seq: z.optional(integer().check(z.nonnegative())),
})
export type EventFrame = z.infer<typeof EventFrame>

// The literal `type` of each tells them apart; a plain union does that as well as a discriminated one.
export const InboundFrame = z.union([ResFrame, EventFrame])
export type InboundFrame = z.infer<typeof InboundFrame>

export const ReqFrame = z.object({
  type: z.literal('req'),
  id: z.string().check(z.minLength(1)),
  method: z.string().check(z.minLength(1)),
  params: z.optional(z.unknown()),
})
export type ReqFrame = z.infer<typeof ReqFrame>

/** The one way a `req` frame is built, `connect` included: no `params` key when there are none (the gateway's schemas are closed). */
export function reqFrame(id: string, method: string, params?: unknown): ReqFrame {
  return params === undefined ? { type: 'req', id, method } : { type: 'req', id, method, params }
}

export const ConnectChallenge = z.looseObject({
  nonce: z.string().check(z.trim(), z.minLength(1)),
  ts: integer().check(z.nonnegative()),
})
export type ConnectChallenge = z.infer<typeof ConnectChallenge>

export const Role = z.literal(['operator', 'node'])
export type Role = z.infer<typeof Role>

export const IssuedDeviceToken = z.looseObject({
  deviceToken: z.string().check(z.minLength(1)),
  role: z.string().check(z.minLength(1)),
  scopes: z._default(z.array(z.string()), []),
  issuedAtMs: z.optional(z.number()),
})
export type IssuedDeviceToken = z.infer<typeof IssuedDeviceToken>

export const HelloOk = z.looseObject({
  type: z.literal('hello-ok'),
  protocol: integer(),
  server: z.optional(z.looseObject({ version: z.optional(z.string()), connId: z.optional(z.string()) })),
  features: z.optional(z.looseObject({ methods: z._default(z.array(z.string()), []), events: z._default(z.array(z.string()), []) })),
  snapshot: z.optional(
    z.looseObject({
      sessionDefaults: z.optional(
        z.looseObject({
          defaultAgentId: z.optional(z.string()),
          mainKey: z.optional(z.string()),
          mainSessionKey: z.optional(z.string()),
        }),
      ),
    }),
  ),
  auth: z.optional(
    z.looseObject({
      method: z.optional(z.string()),
      role: z.optional(z.string()),
      scopes: z._default(z.array(z.string()), []),
      deviceToken: z.optional(z.string().check(z.minLength(1))),
      issuedAtMs: z.optional(z.number()),
      deviceTokens: z.optional(z.array(IssuedDeviceToken)),
    }),
  ),
  policy: z.optional(
    z.looseObject({
      maxPayload: z.optional(integer().check(z.positive())),
      tickIntervalMs: z.optional(integer().check(z.positive())),
      attachments: z.optional(z.looseObject({ maxBytes: z.optional(z.number()), maxImageBytes: z.optional(z.number()) })),
    }),
  ),
})
export type HelloOk = z.infer<typeof HelloOk>

export const ShutdownEvent = z.looseObject({
  reason: z.optional(z.string()),
  restartExpectedMs: z.optional(z.number().check(z.nonnegative())),
})
export type ShutdownEvent = z.infer<typeof ShutdownEvent>

export const TickEvent = z.looseObject({ ts: z.number() })
export type TickEvent = z.infer<typeof TickEvent>

const ContentBlock = z.looseObject({ type: z.string(), text: z.optional(z.string()) })

export const ChatMessage = z.looseObject({
  role: z.string(),
  content: z.optional(z.union([z.string(), z.array(ContentBlock)])),
  timestamp: z.optional(z.number()),
})
export type ChatMessage = z.infer<typeof ChatMessage>

export const ChatEventState = z.literal(['delta', 'final', 'aborted', 'error', 'status'])
export type ChatEventState = z.infer<typeof ChatEventState>

export const ChatEvent = z.looseObject({
  runId: z.string().check(z.minLength(1)),
  sessionKey: z.string().check(z.minLength(1)),
  seq: z.optional(integer()),
  state: ChatEventState,
  deltaText: z.optional(z.string()),
  replace: z.optional(z.boolean()),
  message: z.optional(ChatMessage),
  phase: z.optional(z.string()),
  stopReason: z.optional(z.string()),
  errorMessage: z.optional(z.string()),
  errorKind: z.optional(z.string()),
})
export type ChatEvent = z.infer<typeof ChatEvent>

export const ChatSendAck = z.looseObject({
  runId: z.string().check(z.minLength(1)),
  status: z.string(),
  messageSeq: z.optional(z.number()),
  replayed: z.optional(z.boolean()),
})
export type ChatSendAck = z.infer<typeof ChatSendAck>

// ---- Method results (what the app reads from each method's answer; loose: the gateway adds fields) ----

/** One message of a `chat.history` page, with the gateway's bookkeeping (`__openclaw`). */
export const HistoryMessage = z.looseObject({
  ...ChatMessage.shape,
  idempotencyKey: z.optional(z.string()),
  __openclaw: z.optional(
    z.looseObject({
      id: z.optional(z.string()),
      seq: z.optional(integer()),
      runId: z.optional(z.string()),
      /** The gateway cut the text to its display cap; `chat.message.get` has it whole. */
      truncated: z.optional(z.boolean()),
      media: z.optional(z.array(z.looseObject({ kind: z.optional(z.string()), contentType: z.optional(z.string()) }))),
    }),
  ),
})
export type HistoryMessage = z.infer<typeof HistoryMessage>

/** `chat.history`. Messages, the in-flight run and the queue are parsed one by one: one bad entry must not lose the page. */
export const ChatHistoryResult = z.looseObject({
  messages: z._default(z.array(z.unknown()), []),
  hasMore: z.optional(z.boolean()),
  /** Where this page starts; it keeps the ids of messages that have neither id nor seq apart across pages. */
  offset: z.optional(z.nullable(integer())),
  nextOffset: z.optional(z.nullable(integer())),
  inFlightRun: z.optional(z.unknown()),
  pendingInputs: z.optional(z.unknown()),
  /** A tail page's cursor for a later catch-up; a catch-up answers with `kind` "delta" (and a new cursor) or "reset". */
  deltaCursor: z.optional(z.string()),
  kind: z.optional(z.string()),
})
export type ChatHistoryResult = z.infer<typeof ChatHistoryResult>

/** `chat.history`'s run still streaming for the session. */
export const InFlightRun = z.looseObject({ runId: z.string().check(z.minLength(1)), text: z.optional(z.string()) })

/** `chat.history`'s messages accepted for the session with no run started for them yet (the gateway's followup queue). */
export const PendingInputs = z.looseObject({ total: z.optional(integer()), items: z.optional(z.array(z.unknown())) })

/** The text of an assistant message snapshot; the gateway sends content as blocks. */
export function messageText(message: ChatMessage | undefined): string {
  if (!message?.content) return ''
  if (typeof message.content === 'string') return message.content
  return message.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('')
}

/**
 * The zod builders lazy chunks build their schemas with (gateway/approvals). NOTE: a lazy chunk that
 * imports zod/mini itself made the bundler (rolldown) move zod and the store's shared modules out of
 * the entry into a common chunk: measured +0.9 KB gzip on the first screen. Taken from this object,
 * the chunk links to the entry only; the functions are in the entry anyway.
 */
export const zodKit = {
  _default: z._default,
  array: z.array,
  boolean: z.boolean,
  literal: z.literal,
  looseObject: z.looseObject,
  minLength: z.minLength,
  nonnegative: z.nonnegative,
  nullable: z.nullable,
  number: z.number,
  optional: z.optional,
  refine: z.refine,
  string: z.string,
  union: z.union,
  unknown: z.unknown,
}
export type ZodKit = typeof zodKit
