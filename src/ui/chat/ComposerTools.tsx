/**
 * The composer's attachments: Choose file, Take photo (the rear camera, where the device has one), paste,
 * and the list of what is attached with each file's name, type and size. A chunk of its own (with the
 * `compose` catalog): the first screen draws the text box, this follows a moment later.
 */
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { attachmentLimits, type OutboxAttachment } from '../../store'
import { defineMessages, formatBytes } from '../../i18n'
import { actions, useApp } from '../useApp'
import { type Translator, useText } from '../useText'
import { AttachmentRefused, type Origin, toAttachment } from './attachments'
import { downscaleImage } from './imageDownscale'
import { SharedIntoChat } from './SharedIntoChat'
import './composerTools.css'

const TEXT = defineMessages('compose.attachments', {
  empty: '{name} is empty; there is nothing to attach.',
  fileTooBig: '{name} is {size}; this gateway accepts files up to {limit}.',
  imageTooBig: '{name} is {size}; this gateway accepts images up to {limit}.',
  totalTooBig: 'Attachments would total {size}; this gateway accepts up to {limit} per message.',
  pastedImage: 'The pasted image',
  photo: 'photo',
  notAttached: 'That file could not be attached.',
  attached: 'Attachments',
  remove: 'Remove {name}',
  chooseFile: 'Choose file',
  takePhoto: 'Take photo',
  details: '{type}, {size}',
  madeSmaller: '{name} was made smaller to fit this gateway ({size}).',
})
type Key = keyof typeof TEXT.en

function refusalText(t: Translator<Key>, cause: unknown): string {
  if (!(cause instanceof AttachmentRefused)) return t('notAttached')
  const values = { name: cause.fileName, size: formatBytes(cause.bytes), limit: formatBytes(cause.limitBytes) }
  const key = ({ empty: 'empty', 'file-too-big': 'fileTooBig', 'image-too-big': 'imageTooBig', 'total-too-big': 'totalTooBig' } as const)[cause.reason]
  return t(key, values)
}

const NO_ATTACHMENTS: OutboxAttachment[] = []

/** A file input the buttons open (it has no place in the tab order or the accessibility tree of its own). */
function FileInput({
  inputRef,
  testId,
  onFiles,
  ...choice
}: {
  inputRef: RefObject<HTMLInputElement | null>
  testId: string
  onFiles(files: File[]): void
  accept?: string
  capture?: 'environment'
  multiple?: boolean
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      {...choice}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(event) => {
        onFiles(Array.from(event.target.files ?? []))
        // The same file chosen again must fire a change too.
        event.target.value = ''
      }}
    />
  )
}
const isPhone = () => globalThis.matchMedia?.('(pointer: coarse)').matches ?? false

export function ComposerTools({ gatewayId, textareaId }: { gatewayId: string; textareaId: string }) {
  const status = useApp((s) => s.statuses[gatewayId])
  const limits = useMemo(() => attachmentLimits(status), [status])
  // In the store, not here: a message the device could not save puts its files back.
  const attachments = useApp((s) => s.chats[gatewayId]?.attachments ?? NO_ATTACHMENTS)
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const picker = useRef<HTMLInputElement>(null)
  const camera = useRef<HTMLInputElement>(null)
  const t = useText(TEXT)
  const hasCamera = useMemo(isPhone, [])

  /** Attaches what it can, says why for the rest (the last refusal shows), and returns what it attached. */
  const addFiles = async (files: File[], origin: Origin): Promise<OutboxAttachment[]> => {
    setError(null)
    setNote('')
    const current = () => actions().chats[gatewayId]?.attachments ?? NO_ATTACHMENTS
    const added: OutboxAttachment[] = []
    for (const file of files) {
      try {
        const already = current().reduce((sum, a) => sum + a.sizeBytes, 0)
        const fallback = origin === 'paste' ? t('pastedImage') : t('photo')
        const attachment = await toAttachment(file, origin, limits, already, downscaleImage, fallback)
        if (attachment.sizeBytes < file.size) setNote(t('madeSmaller', { name: attachment.fileName, size: formatBytes(attachment.sizeBytes) }))
        actions().setAttachments(gatewayId, [...current(), attachment])
        added.push(attachment)
      } catch (cause) {
        setError(refusalText(t, cause))
      }
    }
    return added
  }
  const add = useRef(addFiles)
  add.current = addFiles
  const attachShared = useCallback((files: File[]) => add.current(files, 'file'), [])

  // Paste goes to the text box the first screen drew; images and files pasted there are attached.
  useEffect(() => {
    const box = document.getElementById(textareaId)
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? [])
      if (files.length === 0) return
      event.preventDefault()
      void add.current(files, 'paste')
    }
    box?.addEventListener('paste', onPaste)
    return () => box?.removeEventListener('paste', onPaste)
  }, [textareaId])

  const remove = (index: number) =>
    actions().setAttachments(
      gatewayId,
      attachments.filter((_, i) => i !== index),
    )

  return (
    <div className="composer-tools">
      <SharedIntoChat gatewayId={gatewayId} attach={attachShared} />
      {error && (
        <p className="composer-error" role="alert">
          {error}
        </p>
      )}
      <p className="composer-note" role="status">
        {note}
      </p>
      {attachments.length > 0 && (
        <ul className="attachments" aria-label={t('attached')}>
          {attachments.map((attachment, index) => (
            <li key={`${attachment.fileName}-${index}`} className="attachment">
              {attachment.mimeType.startsWith('image/') ? (
                <img src={`data:${attachment.mimeType};base64,${attachment.content}`} alt={attachment.fileName} className="thumb" />
              ) : (
                <svg aria-hidden="true" width="32" height="32" viewBox="0 0 20 20" className="icon file-icon">
                  <path d="M5 2h7l4 4v12H5zM12 2v4h4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
                </svg>
              )}
              <span className="attachment-text">
                <span className="attachment-name" translate="no">
                  {attachment.fileName}
                </span>
                <span className="attachment-details">{t('details', { type: attachment.mimeType, size: formatBytes(attachment.sizeBytes) })}</span>
              </span>
              <button type="button" onClick={() => remove(index)} aria-label={t('remove', { name: attachment.fileName })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-toolbar">
        <button type="button" onClick={() => picker.current?.click()} aria-label={t('chooseFile')} title={t('chooseFile')}>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" className="icon">
            <path
              d="M13 6l-6 6a2 2 0 0 0 3 3l7-7a4 4 0 0 0-6-6L4 9a6 6 0 0 0 8 8l5-5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
            />
          </svg>
        </button>
        {hasCamera && (
          <button type="button" onClick={() => camera.current?.click()} aria-label={t('takePhoto')} title={t('takePhoto')}>
            <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" className="icon">
              <path d="M2 6h4l1.5-2h5L14 6h4v10H2z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
              <circle cx="10" cy="11" r="3" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </button>
        )}
        <FileInput inputRef={picker} testId="attach-input" multiple onFiles={(files) => void addFiles(files, 'file')} />
        {/* The gateway knows two origins; a photo is a file the camera made. */}
        <FileInput inputRef={camera} testId="camera-input" accept="image/*" capture="environment" onFiles={(files) => void addFiles(files, 'file')} />
      </div>
    </div>
  )
}
