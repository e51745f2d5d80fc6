/**
 * `device.info`: what this device is. Field names follow the iOS/Android nodes' payload
 * (deviceName, modelIdentifier, systemName, systemVersion, appVersion, appBuild, locale), plus what
 * only a browser knows: which browser, its languages, time zone and screen.
 */
import type { EnvironmentFacts, NodeBrowserApis } from './browserApis'
import type { CommandHandler } from './handler'

const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg(?:A|iOS)?\/([\d.]+)/],
  ['Opera', /OPR\/([\d.]+)/],
  ['Samsung Internet', /SamsungBrowser\/([\d.]+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
  ['Chrome', /(?:Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /Version\/([\d.]+).*Safari\//],
]

const SYSTEMS: Array<[string, RegExp]> = [
  ['Android', /Android ([\d.]+)?/],
  ['iOS', /(?:iPhone|iPad|iPod).*? OS ([\d_]+)/],
  ['ChromeOS', /CrOS \S+ ([\d.]+)?/],
  ['Windows', /Windows NT ([\d.]+)?/],
  ['macOS', /Mac OS X ([\d_.]+)?/],
  ['Linux', /Linux()/],
]

export function describeBrowser(facts: Pick<EnvironmentFacts, 'userAgent' | 'brands'>): { name: string; version: string } {
  const branded = facts.brands?.filter(({ brand }) => !/not.?a.?brand/i.test(brand))
  const named = branded?.find(({ brand }) => brand !== 'Chromium') ?? branded?.[0]
  if (named) return { name: named.brand.replace(/^Google /, '').replace(/^Microsoft /, ''), version: named.version }
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(facts.userAgent)
    if (match) return { name, version: match[1] ?? '' }
  }
  return { name: 'Browser', version: '' }
}

export function describeSystem(facts: Pick<EnvironmentFacts, 'userAgent' | 'platform'>): { name: string; version: string } {
  for (const [name, pattern] of SYSTEMS) {
    const match = pattern.exec(facts.userAgent)
    if (match) return { name, version: (match[1] ?? '').replace(/_/g, '.') }
  }
  return { name: facts.platform || 'unknown', version: '' }
}

export type DeviceInfoOptions = { appVersion: string; appBuild?: string; deviceName(): string }

export function deviceInfoHandler(apis: Pick<NodeBrowserApis, 'environment'>, options: DeviceInfoOptions): CommandHandler {
  return async () => {
    const facts = apis.environment()
    const browser = describeBrowser(facts)
    const system = describeSystem(facts)
    return {
      deviceName: options.deviceName(),
      modelIdentifier: 'web-browser',
      systemName: system.name,
      systemVersion: system.version,
      appVersion: options.appVersion,
      appBuild: options.appBuild ?? options.appVersion,
      locale: facts.language,
      browser,
      languages: facts.languages,
      ...(facts.timeZone ? { timeZone: facts.timeZone } : {}),
      ...(facts.screen ? { screen: facts.screen } : {}),
      ...(facts.mobile !== undefined ? { mobile: facts.mobile } : {}),
      ...(facts.hardwareConcurrency ? { cpuCores: facts.hardwareConcurrency } : {}),
      ...(facts.deviceMemoryGb ? { memoryGb: facts.deviceMemoryGb } : {}),
      installedApp: facts.isInstalled,
      userAgent: facts.userAgent,
    }
  }
}
