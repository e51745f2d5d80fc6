import { describe, expect, it } from 'vitest'
import { isUnmetered } from './decoderPrefetch'

describe('isUnmetered', () => {
  it.each([
    ['Wi-Fi', { type: 'wifi' }, true],
    ['Ethernet', { type: 'ethernet' }, true],
    ['Wi-Fi with data saver on', { type: 'wifi', saveData: true }, false],
    ['cellular', { type: 'cellular' }, false],
    ['an unknown type (desktop Chrome)', { type: undefined }, false],
    ['no navigator.connection (Safari, Firefox)', undefined, false],
  ])('%s → %s', (_name, connection, expected) => {
    expect(isUnmetered(connection)).toBe(expected)
  })
})
