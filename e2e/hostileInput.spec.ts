/**
 * Hostile setup codes and QR images through the UI, the way a user would hand them over: each gets
 * its own specific message (checked by error code and wording), nothing is stored, nothing
 * navigates or runs, and the page never throws.
 */
import { deflateSync, crc32 } from 'node:zlib'
import type { Page } from '@playwright/test'
import QRCode from 'qrcode'
import { encodeSetupCode } from '../src/pairing'
import { seededRandom } from '../harness/chaosProxy'
import { dumpIndexedDb, expect, storedData, test } from './fixtures'

const TOKEN = 'HppyC1rAZoS_oLCIPFJWVIpb0fpx2DYYzQwP1BSenek'
const LAN = 'ws://192.168.1.10:18789'

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')
const json = (value: unknown) => b64url(JSON.stringify(value))
/** A well-formed payload, fresh at the time the case runs; fields can be replaced or removed. */
const payload = (fields: Record<string, unknown> = {}) => ({ url: LAN, bootstrapToken: TOKEN, expiresAtMs: Date.now() + 600_000, ...fields })
const withFields = (fields: Record<string, unknown>) => json(payload(fields))
const withUrl = (url: unknown) => withFields({ url })
const without = (key: string) => json(Object.fromEntries(Object.entries(payload()).filter(([k]) => k !== key)))
const valid = () => encodeSetupCode({ url: LAN, bootstrapToken: TOKEN, expiresAtMs: Date.now() + 600_000 })

type Case = { name: string; input: () => string; code: string; says: RegExp }

/*
 * Expected codes follow src/pairing/hostileSetupCodes.test.ts (its table is not exported), on an
 * http://localhost page. `says` pins the part of the message that is specific to the case.
 */
const CASES: Case[] = [
  // The input itself
  { name: 'empty', input: () => '', code: 'empty', says: /setup code is empty/ },
  { name: 'only whitespace', input: () => ' \n\t \n ', code: 'empty', says: /setup code is empty/ },
  { name: '1 MB of text', input: () => 'A'.repeat(1024 * 1024), code: 'too_long', says: /more than 4096 characters/ },
  { name: 'NUL byte', input: () => `${valid()}\u0000`, code: 'control_characters', says: /invisible control or formatting characters/ },
  { name: 'ANSI colour escape', input: () => `\u001b[31m${valid()}\u001b[0m`, code: 'control_characters', says: /invisible control/ },
  { name: 'zero-width space inside', input: () => `${valid().slice(0, 10)}\u200b${valid().slice(10)}`, code: 'control_characters', says: /invisible control/ },
  { name: 'bidi override', input: () => `\u202e${valid()}`, code: 'control_characters', says: /invisible control/ },
  { name: 'byte order mark', input: () => `\ufeff${valid()}`, code: 'control_characters', says: /invisible control/ },
  { name: 'DEL', input: () => `${valid()}\u007f`, code: 'control_characters', says: /invisible control/ },
  // Not base64url at all
  { name: 'punctuation', input: () => '!!!', code: 'not_setup_code', says: /only letters, digits, '-' and '_'/ },
  { name: 'emoji', input: () => '🔑🔑🔑🔑', code: 'not_setup_code', says: /only letters, digits/ },
  {
    name: 'standard base64 (+ and /)',
    input: () => Buffer.from('{"url":"ws://a?>"}').toString('base64'),
    code: 'not_setup_code',
    says: /only letters, digits/,
  },
  { name: 'a single character', input: () => 'e', code: 'not_setup_code', says: /cut off or has extra characters/ },
  { name: 'padding in the middle', input: () => `${valid().slice(0, 8)}==${valid().slice(8)}`, code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'a javascript: URL pasted as the code', input: () => 'javascript:alert(1)', code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'a file: URL pasted as the code', input: () => 'file:///etc/passwd', code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'an http: URL pasted as the code', input: () => 'http://127.0.0.1:18789/?token=abc', code: 'not_setup_code', says: /web address, not a setup code/ },
  { name: 'the gateway address pasted as the code', input: () => 'wss://gateway.example.com', code: 'not_setup_code', says: /web address, not a setup code/ },
  // oc-pair:// variants
  { name: 'oc-pair:// with nothing after', input: () => 'oc-pair://', code: 'not_setup_code', says: /oc-pair:\/\/ link has no setup code/ },
  { name: 'oc-pair:// with markup', input: () => 'oc-pair://<script>alert(1)</script>', code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'oc-pair:// twice', input: () => `oc-pair://oc-pair://${valid()}`, code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'oc-pair: without slashes', input: () => `oc-pair:${valid()}`, code: 'not_setup_code', says: /only letters, digits/ },
  { name: 'oc-pair:// link with a query', input: () => `oc-pair://${valid()}?x=1`, code: 'not_setup_code', says: /only letters, digits/ },
  // Decodes, but not to JSON
  { name: 'base64url of prose', input: () => b64url('hello, world'), code: 'not_json', says: /decodes, but not to readable pairing details/ },
  { name: 'truncated code', input: () => valid().slice(0, 40), code: 'not_json', says: /decodes, but not to readable/ },
  { name: 'invalid UTF-8', input: () => Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url'), code: 'not_json', says: /decodes, but not to readable/ },
  // JSON of the wrong shape
  { name: 'JSON array', input: () => json([payload()]), code: 'wrong_shape', says: /found a list/ },
  { name: 'JSON null', input: () => json(null), code: 'wrong_shape', says: /found null/ },
  { name: 'JSON number', input: () => json(42), code: 'wrong_shape', says: /found a number/ },
  { name: 'JSON string', input: () => json('ws://127.0.0.1:18789'), code: 'wrong_shape', says: /found text/ },
  // Missing fields
  { name: 'no url', input: () => without('url'), code: 'missing_url', says: /does not say which gateway address/ },
  { name: 'empty object', input: () => json({}), code: 'missing_url', says: /does not say which gateway address/ },
  {
    name: '__proto__ smuggling the url',
    input: () => b64url(`{"__proto__":{"url":"ws://127.0.0.1:1"},"bootstrapToken":"${TOKEN}"}`),
    code: 'missing_url',
    says: /does not say which gateway address/,
  },
  { name: 'no token', input: () => without('bootstrapToken'), code: 'missing_token', says: /has no bootstrap token/ },
  { name: 'empty token', input: () => withFields({ bootstrapToken: '' }), code: 'missing_token', says: /has no bootstrap token/ },
  // Wrong types
  { name: 'url is a number', input: () => withUrl(18789), code: 'wrong_types', says: /"url" field .* should be text, but it is a number/ },
  { name: 'token is a list', input: () => withFields({ bootstrapToken: [TOKEN] }), code: 'wrong_types', says: /"bootstrapToken" field .* but it is a list/ },
  {
    name: 'expiresAtMs is "soon"',
    input: () => withFields({ expiresAtMs: 'soon' }),
    code: 'wrong_types',
    says: /"expiresAtMs" field .* should be a number, but it is text/,
  },
  { name: 'urls holds a number', input: () => withFields({ urls: ['ws://127.0.0.1:1', 5] }), code: 'wrong_types', says: /"urls\[1\]" field/ },
  // Malformed token
  { name: 'token too short', input: () => withFields({ bootstrapToken: 'abc' }), code: 'bad_token', says: /bootstrap token is malformed/ },
  {
    name: 'token with a space',
    input: () => withFields({ bootstrapToken: `${TOKEN.slice(0, 20)} ${TOKEN.slice(21)}` }),
    code: 'bad_token',
    says: /bootstrap token is malformed/,
  },
  // Schemes that are not WebSockets
  { name: 'javascript: url', input: () => withUrl('javascript:alert(1)'), code: 'bad_scheme', says: /has "javascript:"/ },
  { name: 'http: url', input: () => withUrl('http://192.168.1.10:18789'), code: 'bad_scheme', says: /has "http:"/ },
  { name: 'file: url', input: () => withUrl('file:///etc/passwd'), code: 'bad_scheme', says: /has "file:"/ },
  { name: 'data: url', input: () => withUrl('data:text/html,<script>alert(1)</script>'), code: 'bad_scheme', says: /has "data:"/ },
  {
    name: 'a javascript: alternative among urls',
    input: () => withFields({ urls: ['ws://127.0.0.1:1', 'javascript:alert(1)'] }),
    code: 'bad_scheme',
    says: /has "javascript:"/,
  },
  // Malformed WebSocket URLs
  { name: 'credentials in the url', input: () => withUrl('ws://alice:hunter2@127.0.0.1:18790'), code: 'bad_url', says: /gateway address is not valid/ },
  { name: 'a query in the url', input: () => withUrl('ws://127.0.0.1:18790?token=leaked'), code: 'bad_url', says: /gateway address is not valid/ },
  { name: 'a fragment in the url', input: () => withUrl('ws://127.0.0.1:18790#frag'), code: 'bad_url', says: /gateway address is not valid/ },
  { name: 'port out of range', input: () => withUrl('ws://127.0.0.1:99999'), code: 'bad_url', says: /gateway address is not valid/ },
  // Unencrypted to the internet
  { name: 'ws:// to a public IP', input: () => withUrl('ws://8.8.8.8:18789'), code: 'insecure_public', says: /unencrypted ws:\/\/ to a public host/ },
  // Expiry
  {
    name: 'expired a minute ago',
    input: () => withFields({ expiresAtMs: Date.now() - 60_000 }),
    code: 'expired',
    says: /^This setup code expired at [^.]+\.$/,
  },
  { name: 'expiry in seconds, not ms', input: () => withFields({ expiresAtMs: Math.floor(Date.now() / 1000) + 600 }), code: 'expired', says: /expired at/ },
  { name: 'expiry 1e20', input: () => withFields({ expiresAtMs: 1e20 }), code: 'absurd_expiry', says: /impossible expiry time/ },
  { name: 'negative expiry', input: () => withFields({ expiresAtMs: -5 }), code: 'absurd_expiry', says: /impossible expiry time/ },
  {
    name: 'expiry a year ahead',
    input: () => withFields({ expiresAtMs: Date.now() + 365 * 86_400_000 }),
    code: 'absurd_expiry',
    says: /impossible expiry time/,
  },
  // Too many addresses
  {
    name: '9 alternative urls',
    input: () => withFields({ urls: Array.from({ length: 9 }, (_, i) => `ws://127.0.0.1:${i + 1}`) }),
    code: 'too_many_urls',
    says: /lists more than 8 gateway addresses/,
  },
]

/** What must never show up on screen, whatever the input. */
const NEVER_SHOWN = [TOKEN, 'hunter2', 'alice', 'token=leaked']

type Watch = { errors: string[]; dialogs: string[]; popups: number }

function watchPage(page: Page): Watch {
  const watch: Watch = { errors: [], dialogs: [], popups: 0 }
  page.on('pageerror', (error) => watch.errors.push(`${error.name}: ${error.message}`))
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('popup', () => (watch.popups += 1))
  return watch
}

const localStorageOf = (page: Page) => page.evaluate(() => Object.entries(localStorage))

/** Puts the text in the "Setup code" box exactly (checked), as a paste would, and presses Continue. */
async function submitSetupText(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Setup code' })
  const expected = text.replace(/\r\n?/g, '\n')
  // NOTE: fill() types into a textarea through the keyboard, which is slow for 1 MB and can drop
  // control characters; such text goes in the way a paste lands in a React-controlled field.
  if (text.length <= 10_000) await box.fill(text)
  if ((await box.inputValue()) !== expected) {
    await box.evaluate((element, value) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!
      setValue.call(element, value)
      element.dispatchEvent(new Event('input', { bubbles: true }))
    }, text)
  }
  // A boolean, not the values: a failure must not print a megabyte.
  expect((await box.inputValue()) === expected, 'the hostile text reached the box unchanged').toBe(true)
  await page.getByRole('button', { name: 'Continue' }).click()
}

test('every hostile setup code gets its own specific message; nothing is stored, nothing runs', async ({ page }) => {
  test.setTimeout(180_000)
  expect(CASES.length).toBeGreaterThanOrEqual(40)
  const watch = watchPage(page)
  await page.goto('/')
  await page.getByRole('button', { name: 'Paste setup code' }).click()
  const startUrl = page.url()
  const dbBefore = await dumpIndexedDb(page)
  const storageBefore = await localStorageOf(page)

  const alert = page.getByRole('alert')
  const messageOwner = new Map<string, string>()
  for (const { name, input, code, says } of CASES) {
    await test.step(name, async () => {
      // First the last alert goes (choosing Paste again clears it), so that the alert checked below is this input's own.
      await page.getByRole('button', { name: 'Paste setup code' }).click()
      await expect(alert).toHaveCount(0)

      await submitSetupText(page, input())
      await expect(alert, name).toHaveAttribute('data-error-code', code)
      await expect(alert.locator('.error-message'), name).toHaveText(says)
      const message = (await alert.locator('.error-message').textContent()) ?? ''
      // Specific: it says something, and no other error code uses the same words.
      expect(message.length, name).toBeGreaterThan(20)
      expect(messageOwner.get(message) ?? code, `"${message}" is shared with another error code`).toBe(code)
      messageOwner.set(message, code)
      await expect(alert.locator('.error-fix'), `${name}: says what to do next`).not.toBeEmpty()
      const shown = (await alert.textContent()) ?? ''
      for (const secret of NEVER_SHOWN) expect(shown, `${name}: the alert does not echo "${secret}"`).not.toContain(secret)
      await expect(page.getByRole('button', { name: 'Connect' })).toHaveCount(0)
      expect(page.url()).toBe(startUrl)
    })
  }
  expect(storedData(await dumpIndexedDb(page)), 'IndexedDB holds exactly what it held before').toEqual(storedData(dbBefore))
  expect(await localStorageOf(page), 'localStorage is exactly as before').toEqual(storageBefore)
  expect(watch.errors, 'no uncaught errors').toEqual([])
  expect(watch.dialogs, 'nothing ran (no alert() dialogs)').toEqual([])
  expect(watch.popups).toBe(0)
  // Still a working page: a good code goes on to the confirm screen.
  await submitSetupText(page, `OC-PAIR://${valid()}`)
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await expect(page.getByText(LAN, { exact: true })).toBeVisible()
})

/** A PNG of seeded grey noise: an ordinary photo with no QR code in it. */
function noisePng(width: number, height: number, seed: number): Buffer {
  const random = seededRandom(seed)
  const rows = Buffer.alloc((width + 1) * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = Math.floor(random() * 256)
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const qrPng = (text: string, errorCorrectionLevel: 'L' | 'M' = 'M') =>
  QRCode.toBuffer(text, { errorCorrectionLevel, margin: 4, scale: errorCorrectionLevel === 'L' ? 4 : 8 })

async function uploadImage(page: Page, name: string, buffer: Buffer, mimeType = 'image/png'): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Upload QR image' }).click()
  await (await chooser).setFiles({ name, mimeType, buffer })
}

test('hostile QR images through the upload path: each gets its own message, nothing stored, nothing runs', async ({ page }) => {
  test.setTimeout(120_000)
  const watch = watchPage(page)
  await page.goto('/')
  const startUrl = page.url()
  const dbBefore = await dumpIndexedDb(page)
  const huge = '7'.repeat(4_100) // numeric mode: a dense (version 30) but readable QR, longer than any setup code may be
  const images: Array<{ name: string; image: () => Promise<Buffer>; code: string; says: RegExp }> = [
    { name: 'a photo with no QR code', image: async () => noisePng(320, 240, 7), code: 'no_qr_in_image', says: /No QR code could be found/ },
    {
      name: 'not an image at all',
      image: async () => Buffer.from('this is not a PNG, just text with a .png name'),
      code: 'no_qr_in_image',
      says: /No QR code could be found/,
    },
    { name: 'a QR of javascript:alert(1)', image: () => qrPng('javascript:alert(1)'), code: 'not_setup_code', says: /only letters, digits/ },
    { name: 'a QR of a huge text', image: () => qrPng(huge, 'L'), code: 'too_long', says: /more than 4096 characters/ },
    { name: 'a QR with an ANSI escape', image: () => qrPng(`\u001b[31m${valid()}`), code: 'control_characters', says: /invisible control/ },
    { name: 'a QR of a code pointing at file:', image: () => qrPng(`oc-pair://${withUrl('file:///etc/passwd')}`), code: 'bad_scheme', says: /has "file:"/ },
  ]
  const alert = page.getByRole('alert')
  for (const { name, image, code, says } of images) {
    await test.step(name, async () => {
      await uploadImage(page, `${name}.png`, await image())
      await expect(alert, name).toHaveAttribute('data-error-code', code)
      await expect(alert.locator('.error-message'), name).toHaveText(says)
      await expect(alert.locator('.error-fix')).not.toBeEmpty()
      await expect(page.getByRole('button', { name: 'Connect' })).toHaveCount(0)
      expect(page.url()).toBe(startUrl)
    })
  }
  // The same path still works for a good QR.
  await uploadImage(page, 'good.png', await qrPng(valid()))
  await expect(page.getByRole('heading', { name: 'Connect to this gateway?' })).toBeVisible()
  await page.getByRole('button', { name: 'Back' }).click()

  expect(storedData(await dumpIndexedDb(page)), 'IndexedDB holds exactly what it held before').toEqual(storedData(dbBefore))
  expect(watch.errors, 'no uncaught errors').toEqual([])
  expect(watch.dialogs, 'nothing ran (no alert() dialogs)').toEqual([])
  expect(watch.popups).toBe(0)
})
