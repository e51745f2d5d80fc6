/**
 * zod schemas for every frame the app sends to or reads from an OpenClaw gateway (protocol 4,
 * openclaw 2026.9.6). Inbound schemas are loose: the gateway adds fields between releases and we
 * must not reject a frame for carrying something new. Outbound frames are built from these types,
 * and the gateway's own schemas are closed, so we never put anything extra into them.
 */
import { z } from 'zod'

export const PROTOCOL_VERSION = 4

export const ErrorShape = z.looseObject({
  code: z.string().min(1),
  message: z.string(),
  details: z.unknown().optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
})
export type ErrorShape = z.infer<typeof ErrorShape>

export const ResFrame = z.looseObject({
  type: z.literal('res'),
  id: z.string().min(1),
  ok: z.boolean(),
  payload: z.unknown().optional(),
  error: ErrorShape.optional(),
})
export type ResFrame = z.infer<typeof ResFrame>

export const EventFrame = z.looseObject({
  type: z.literal('event'),
  event: z.string().min(1),
  payload: z.unknown().optional(),
  seq: z.number().int().nonnegative().optional(),
})
export type EventFrame = z.infer<typeof EventFrame>

export const InboundFrame = z.discriminatedUnion('type', [ResFrame, EventFrame])
export type InboundFrame = z.infer<typeof InboundFrame>

export const ReqFrame = z.object({
  type: z.literal('req'),
  id: z.string().min(1),
  method: z.string().min(1),
  params: z.unknown().optional(),
})
export type ReqFrame = z.infer<typeof ReqFrame>

export const ConnectChallenge = z.looseObject({
  nonce: z.string().trim().min(1),
  ts: z.number().int().nonnegative().refine(Number.isSafeInteger, 'ts must be a safe integer'),
})
export type ConnectChallenge = z.infer<typeof ConnectChallenge>

export const Role = z.enum(['operator', 'node'])
export type Role = z.infer<typeof Role>

export const IssuedDeviceToken = z.looseObject({
  deviceToken: z.string().min(1),
  role: z.string().min(1),
  scopes: z.array(z.string()).default([]),
  issuedAtMs: z.number().optional(),
})
export type IssuedDeviceToken = z.infer<typeof IssuedDeviceToken>

export const HelloOk = z.looseObject({
  type: z.literal('hello-ok'),
  protocol: z.number().int(),
  server: z.looseObject({ version: z.string().optional(), connId: z.string().optional() }).optional(),
  features: z
    .looseObject({ methods: z.array(z.string()).default([]), events: z.array(z.string()).default([]) })
    .optional(),
  snapshot: z
    .looseObject({
      sessionDefaults: z
        .looseObject({
          defaultAgentId: z.string().optional(),
          mainKey: z.string().optional(),
          mainSessionKey: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  auth: z
    .looseObject({
      method: z.string().optional(),
      role: z.string().optional(),
      scopes: z.array(z.string()).default([]),
      deviceToken: z.string().min(1).optional(),
      issuedAtMs: z.number().optional(),
      deviceTokens: z.array(IssuedDeviceToken).optional(),
    })
    .optional(),
  policy: z
    .looseObject({
      maxPayload: z.number().int().positive().optional(),
      tickIntervalMs: z.number().int().positive().optional(),
      attachments: z
        .looseObject({ maxBytes: z.number().optional(), maxImageBytes: z.number().optional() })
        .optional(),
    })
    .optional(),
})
export type HelloOk = z.infer<typeof HelloOk>

export const ShutdownEvent = z.looseObject({
  reason: z.string().optional(),
  restartExpectedMs: z.number().nonnegative().optional(),
})
export type ShutdownEvent = z.infer<typeof ShutdownEvent>

export const TickEvent = z.looseObject({ ts: z.number() })
export type TickEvent = z.infer<typeof TickEvent>

const ContentBlock = z.looseObject({ type: z.string(), text: z.string().optional() })

export const ChatMessage = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentBlock)]).optional(),
  timestamp: z.number().optional(),
})
export type ChatMessage = z.infer<typeof ChatMessage>

export const ChatEventState = z.enum(['delta', 'final', 'aborted', 'error', 'status'])
export type ChatEventState = z.infer<typeof ChatEventState>

export const ChatEvent = z.looseObject({
  runId: z.string().min(1),
  sessionKey: z.string().min(1),
  seq: z.number().int().optional(),
  state: ChatEventState,
  deltaText: z.string().optional(),
  replace: z.boolean().optional(),
  message: ChatMessage.optional(),
  phase: z.string().optional(),
  stopReason: z.string().optional(),
  errorMessage: z.string().optional(),
  errorKind: z.string().optional(),
})
export type ChatEvent = z.infer<typeof ChatEvent>

export const ChatSendAck = z.looseObject({
  runId: z.string().min(1),
  status: z.string(),
  messageSeq: z.number().optional(),
  replayed: z.boolean().optional(),
})
export type ChatSendAck = z.infer<typeof ChatSendAck>

/** The text of an assistant message snapshot; the gateway sends content as blocks. */
export function messageText(message: ChatMessage | undefined): string {
  if (!message?.content) return ''
  if (typeof message.content === 'string') return message.content
  return message.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('')
}
