import { describe, expect, it } from 'vitest'
import type { ShareRecord } from '../gateway/share'
import { isSharePost, receiveShare, type ShareStore } from './shareTarget'

function memoryStore(fail = false): ShareStore & { saved: ShareRecord[] } {
  const saved: ShareRecord[] = []
  return {
    saved,
    newId: () => 'share-1',
    now: () => 42,
    save: async (record) => {
      if (fail) throw new DOMException('full', 'QuotaExceededError')
      saved.push(record)
    },
  }
}

const post = (body: BodyInit, headers?: HeadersInit) => new Request('https://app.example/base/share-target', { method: 'POST', body, headers })

describe('the share target in the worker', () => {
  it('answers only a POST to the share path under the base path', () => {
    expect(isSharePost({ method: 'POST', url: 'https://app.example/base/share-target' }, '/base/')).toBe(true)
    expect(isSharePost({ method: 'GET', url: 'https://app.example/base/share-target' }, '/base/')).toBe(false)
    expect(isSharePost({ method: 'POST', url: 'https://app.example/share-target' }, '/base/')).toBe(false)
    expect(isSharePost({ method: 'POST', url: 'https://app.example/base/share-target/x' }, '/base/')).toBe(false)
  })

  it('stores the share and redirects into the app with its id', async () => {
    const form = new FormData()
    form.append('text', 'hello')
    form.append('files', new File([new Uint8Array([1, 2])], 'a.png', { type: 'image/png' }))
    const store = memoryStore()
    const response = await receiveShare(post(form), '/base/', store)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('https://app.example/base/?share=share-1')
    expect(store.saved).toMatchObject([{ id: 'share-1', receivedAtMs: 42, text: 'hello', files: [{ name: 'a.png', size: 2 }] }])
  })

  it('still opens the app, saying the share was unreadable, for a body that is no form or a write the device refuses', async () => {
    const notForm = await receiveShare(post('{"text":"x"}', { 'content-type': 'application/json' }), '/', memoryStore())
    expect(notForm.headers.get('location')).toBe('https://app.example/?share=unreadable')
    const broken = await receiveShare(post('--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=x' }), '/', memoryStore())
    expect(broken.headers.get('location')).toBe('https://app.example/?share=unreadable')
    const full = await receiveShare(post(new FormData()), '/', memoryStore(true))
    expect(full.headers.get('location')).toBe('https://app.example/?share=unreadable')
  })
})
