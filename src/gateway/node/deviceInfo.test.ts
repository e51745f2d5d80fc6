// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { describeBrowser, describeSystem, deviceInfoHandler } from './deviceInfo'
import { baseApis, context } from './testing/fakeBrowser'

const PIXEL = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const FIREFOX_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'

describe('device.info', () => {
  it.each([
    [PIXEL, { name: 'Chrome', version: '131.0.0.0' }, { name: 'Android', version: '14' }],
    [IPHONE, { name: 'Safari', version: '17.4' }, { name: 'iOS', version: '17.4' }],
    [FIREFOX_WIN, { name: 'Firefox', version: '128.0' }, { name: 'Windows', version: '10.0' }],
  ])('reads browser and system from %s', (userAgent, browser, system) => {
    expect(describeBrowser({ userAgent })).toEqual(browser)
    expect(describeSystem({ userAgent })).toEqual(system)
  })

  it('prefers the client hints brand over the user agent', () => {
    expect(
      describeBrowser({
        userAgent: PIXEL,
        brands: [
          { brand: 'Not)A;Brand', version: '99' },
          { brand: 'Chromium', version: '131' },
          { brand: 'Google Chrome', version: '131' },
        ],
      }),
    ).toEqual({ name: 'Chrome', version: '131' })
  })

  it('answers the iOS/Android field names plus the browser’s facts', async () => {
    const apis = baseApis({
      environment: () => ({
        userAgent: PIXEL,
        language: 'de-AT',
        languages: ['de-AT', 'en'],
        timeZone: 'Europe/Vienna',
        screen: { width: 412, height: 915, pixelRatio: 2.625, orientation: 'portrait-primary' },
        mobile: true,
        isInstalled: true,
      }),
    })
    const payload = await deviceInfoHandler(apis, { appVersion: '0.1.0', deviceName: () => 'Anna’s phone' })({}, context())
    expect(payload).toEqual({
      deviceName: 'Anna’s phone',
      modelIdentifier: 'web-browser',
      systemName: 'Android',
      systemVersion: '14',
      appVersion: '0.1.0',
      appBuild: '0.1.0',
      locale: 'de-AT',
      browser: { name: 'Chrome', version: '131.0.0.0' },
      languages: ['de-AT', 'en'],
      timeZone: 'Europe/Vienna',
      screen: { width: 412, height: 915, pixelRatio: 2.625, orientation: 'portrait-primary' },
      mobile: true,
      installedApp: true,
      userAgent: PIXEL,
    })
  })
})
