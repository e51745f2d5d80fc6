// @vitest-environment node
import { describe, expect, it } from 'vitest'
import {
  consentKindOf,
  consentWaitMs,
  decideConsent,
  grantUntil,
  isAllowed,
  isCommandSwitchedOn,
  LOCATION_GRANT_MS,
  refusalError,
  withCommandSwitch,
  type ConsentSituation,
} from './consentPolicy'
import { NODE_COMMANDS } from './nodeCommands'

const on: ConsentSituation = { isSwitchedOn: true, isVisible: true, isNodeActive: true, nowMs: 1_000 }

describe('the switches', () => {
  it('a fresh record (and one saved before the opt-in existed) has the camera and location off and everything else on', () => {
    const fresh = NODE_COMMANDS.filter((command) => isCommandSwitchedOn({}, command))
    expect(fresh).toEqual(['device.info', 'device.status', 'system.notify', 'camera.list'])
    // An old record whose user never switched anything off still gets no camera or location.
    expect(isCommandSwitchedOn({ nodeCommandsOff: [] }, 'camera.snap')).toBe(false)
    expect(isCommandSwitchedOn({ nodeCommandsOff: ['device.info'] }, 'location.get')).toBe(false)
    expect(isCommandSwitchedOn({ nodeCommandsOff: [] }, 'camera.clip')).toBe(false)
  })

  it('switching on records an opt-in; switching off removes it, and a plain command goes to the off list', () => {
    const camera = withCommandSwitch({}, 'camera.snap', true)
    expect(camera).toEqual({ nodeCommandsOff: [], nodeCommandsOn: ['camera.snap'] })
    expect(isCommandSwitchedOn(camera, 'camera.snap')).toBe(true)
    const cameraOff = withCommandSwitch(camera, 'camera.snap', false)
    expect(isCommandSwitchedOn(cameraOff, 'camera.snap')).toBe(false)
    expect(cameraOff.nodeCommandsOn).toEqual([])
    const infoOff = withCommandSwitch(camera, 'device.info', false)
    expect(infoOff).toEqual({ nodeCommandsOff: ['device.info'], nodeCommandsOn: ['camera.snap'] })
    expect(isCommandSwitchedOn(withCommandSwitch(infoOff, 'device.info', true), 'device.info')).toBe(true)
  })
})

describe('decideConsent', () => {
  it('switched off: CAMERA_DISABLED / LOCATION_DISABLED, whatever else holds', () => {
    expect(decideConsent('camera', { ...on, isSwitchedOn: false })).toMatchObject({ kind: 'refuse', error: { code: 'CAMERA_DISABLED' } })
    expect(decideConsent('location', { ...on, isSwitchedOn: false, grantUntilMs: 10_000 })).toMatchObject({
      kind: 'refuse',
      error: { code: 'LOCATION_DISABLED' },
    })
  })

  it('hidden app or a node link this tab does not run: NODE_BACKGROUND_UNAVAILABLE, even with a live grant', () => {
    expect(decideConsent('camera', { ...on, isVisible: false })).toMatchObject({ kind: 'refuse', error: { code: 'NODE_BACKGROUND_UNAVAILABLE' } })
    expect(decideConsent('location', { ...on, isVisible: false, grantUntilMs: 10_000 })).toMatchObject({
      kind: 'refuse',
      error: { code: 'NODE_BACKGROUND_UNAVAILABLE' },
    })
    expect(decideConsent('camera', { ...on, isNodeActive: false })).toMatchObject({ kind: 'refuse', error: { code: 'NODE_BACKGROUND_UNAVAILABLE' } })
  })

  it('on and visible: the camera always asks; location asks unless an hour’s grant is still live', () => {
    expect(decideConsent('camera', { ...on, grantUntilMs: 10_000 })).toEqual({ kind: 'ask' })
    expect(decideConsent('location', on)).toEqual({ kind: 'ask' })
    expect(decideConsent('location', { ...on, grantUntilMs: 1_001 })).toEqual({ kind: 'granted' })
    expect(decideConsent('location', { ...on, grantUntilMs: 1_000 })).toEqual({ kind: 'ask' })
  })
})

describe('answers', () => {
  it('only "for 1 hour" leaves a grant, of exactly an hour', () => {
    expect(grantUntil('allow-hour', 5)).toBe(5 + LOCATION_GRANT_MS)
    expect(grantUntil('allow-once', 5)).toBeUndefined()
    expect(grantUntil('deny', 5)).toBeUndefined()
  })

  it('deny and unanswered are refusals with their own messages', () => {
    expect(['allow-once', 'allow-hour', 'grant', 'deny', 'unanswered'].filter((a) => isAllowed(a as never))).toEqual(['allow-once', 'allow-hour', 'grant'])
    expect(refusalError('camera', 'deny')).toEqual({ code: 'CAMERA_CONSENT_DENIED', message: 'the user declined to take a photo' })
    expect(refusalError('location', 'unanswered').code).toBe('LOCATION_CONSENT_DENIED')
  })

  it('the sheet waits out the invocation less the time to take the photo or fix and answer', () => {
    expect(consentWaitMs('camera', 19_500)).toBe(16_500)
    expect(consentWaitMs('location', 19_500)).toBe(17_500)
    expect(consentWaitMs('camera', 1_000)).toBe(0)
  })

  it('names which commands need a sheet', () => {
    expect(NODE_COMMANDS.map((command) => [command, consentKindOf(command)])).toEqual([
      ['device.info', null],
      ['device.status', null],
      ['location.get', 'location'],
      ['system.notify', null],
      ['camera.list', null],
      ['camera.snap', 'camera'],
    ])
  })
})
