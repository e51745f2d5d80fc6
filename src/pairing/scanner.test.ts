import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PairingError } from './pairingError';

type DecodeCallback = (result: { getText(): string } | undefined, error: unknown, controls: unknown) => void;

const zxing = vi.hoisted(() => ({
  constructed: 0,
  decodeFromStream: vi.fn(),
  decodeFromImageUrl: vi.fn(),
}));

vi.mock('@zxing/browser', () => ({
  BrowserQRCodeReader: class {
    decodeFromStream = zxing.decodeFromStream;
    decodeFromImageUrl = zxing.decodeFromImageUrl;
    constructor() {
      zxing.constructed += 1;
    }
  },
}));

const { cameraErrorToPairingError, decodeImageFile, startScan } = await import('./scanner');

function fakeTrack(capabilities: Record<string, unknown> = {}) {
  return {
    stop: vi.fn(),
    getCapabilities: vi.fn(() => capabilities),
    applyConstraints: vi.fn(async () => undefined),
  };
}

function fakeCamera(track = fakeTrack()) {
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] };
  const getUserMedia = vi.fn(async () => stream);
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } });
  const controls = { stop: vi.fn() };
  let callback: DecodeCallback = () => undefined;
  zxing.decodeFromStream.mockImplementation(async (_s: unknown, _v: unknown, cb: DecodeCallback) => {
    callback = cb;
    return controls;
  });
  return { track, stream, getUserMedia, controls, emit: (...args: Parameters<DecodeCallback>) => callback(...args) };
}

const video = {} as HTMLVideoElement;
const zxingError = (kind: string) => Object.assign(new Error(kind), { getKind: () => kind });

beforeEach(() => {
  zxing.decodeFromStream.mockReset();
  zxing.decodeFromImageUrl.mockReset();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('scanner module', () => {
  it('has no side effects on import', () => {
    expect(zxing.constructed).toBe(0);
  });
});

describe('cameraErrorToPairingError', () => {
  it.each([
    ['NotAllowedError', 'camera_denied'],
    ['PermissionDeniedError', 'camera_denied'],
    ['NotFoundError', 'camera_missing'],
    ['OverconstrainedError', 'camera_missing'],
    ['NotReadableError', 'camera_unavailable'],
    ['AbortError', 'camera_unavailable'],
  ])('%s → %s', (name, code) => {
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => undefined } });
    expect(cameraErrorToPairingError(new DOMException('x', name)).code).toBe(code);
  });

  it('reports an insecure context when navigator.mediaDevices is missing', () => {
    vi.stubGlobal('navigator', {});
    expect(cameraErrorToPairingError(new TypeError('undefined')).code).toBe('camera_insecure');
  });

  it('tells the user how to recover from a denial', () => {
    const error = cameraErrorToPairingError(new DOMException('denied', 'NotAllowedError'));
    expect(error.message).toMatch(/^Camera access was denied/);
    expect(error.fix).toMatch(/site settings.*paste the setup code/);
  });

  it('passes PairingErrors through', () => {
    const original = new PairingError('camera_missing', 'x');
    expect(cameraErrorToPairingError(original)).toBe(original);
  });
});

describe('startScan', () => {
  it('asks for the rear camera and reports each new text once', async () => {
    const cam = fakeCamera();
    const onText = vi.fn();
    const onError = vi.fn();
    const session = await startScan(video, onText, onError);
    expect(cam.getUserMedia).toHaveBeenCalledWith({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    expect(zxing.decodeFromStream).toHaveBeenCalledWith(cam.stream, video, expect.any(Function));

    cam.emit({ getText: () => 'code-1' }, undefined, cam.controls);
    cam.emit({ getText: () => 'code-1' }, undefined, cam.controls);
    cam.emit(undefined, zxingError('NotFoundException'), cam.controls);
    cam.emit(undefined, zxingError('ChecksumException'), cam.controls);
    cam.emit({ getText: () => 'code-2' }, undefined, cam.controls);
    expect(onText.mock.calls).toEqual([['code-1'], ['code-2']]);
    expect(onError).not.toHaveBeenCalled();

    cam.emit(undefined, new Error('canvas lost'), cam.controls);
    expect(onError).toHaveBeenCalledTimes(1);
    session.stop();
  });

  it('stop() stops zxing and every track, once, and silences late frames', async () => {
    const cam = fakeCamera();
    const onText = vi.fn();
    const session = await startScan(video, onText);
    session.stop();
    session.stop();
    expect(cam.controls.stop).toHaveBeenCalledTimes(1);
    expect(cam.track.stop).toHaveBeenCalledTimes(1);
    cam.emit({ getText: () => 'late' }, undefined, cam.controls);
    expect(onText).not.toHaveBeenCalled();
  });

  it('offers the torch only when the track supports it', async () => {
    fakeCamera(fakeTrack({ torch: false }));
    expect((await startScan(video, vi.fn())).torch).toBeUndefined();

    const track = fakeTrack({ torch: true });
    fakeCamera(track);
    const session = await startScan(video, vi.fn());
    expect(session.torch?.isOn()).toBe(false);
    await session.torch?.set(true);
    expect(track.applyConstraints).toHaveBeenCalledWith({ advanced: [{ torch: true }] });
    expect(session.torch?.isOn()).toBe(true);
    session.stop();
  });

  it('rejects with camera_denied when permission is refused', async () => {
    const cam = fakeCamera();
    cam.getUserMedia.mockRejectedValueOnce(new DOMException('no', 'NotAllowedError'));
    await expect(startScan(video, vi.fn())).rejects.toMatchObject({ name: 'PairingError', code: 'camera_denied' });
  });

  it('rejects with camera_insecure when the page cannot use the camera at all', async () => {
    vi.stubGlobal('navigator', {});
    await expect(startScan(video, vi.fn())).rejects.toMatchObject({ code: 'camera_insecure' });
  });

  it('releases the camera when the preview never starts', async () => {
    const cam = fakeCamera();
    zxing.decodeFromStream.mockRejectedValueOnce(false);
    await expect(startScan(video, vi.fn())).rejects.toBeInstanceOf(PairingError);
    expect(cam.track.stop).toHaveBeenCalled();
  });
});

describe('decodeImageFile', () => {
  beforeEach(() => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:fake');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  });

  it('returns the QR text and revokes the object URL', async () => {
    zxing.decodeFromImageUrl.mockResolvedValueOnce({ getText: () => 'eyJ...' });
    await expect(decodeImageFile(new Blob(['x']))).resolves.toBe('eyJ...');
    expect(zxing.decodeFromImageUrl).toHaveBeenCalledWith('blob:fake');
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:fake');
  });

  it('rejects with no_qr_in_image and still revokes the object URL', async () => {
    zxing.decodeFromImageUrl.mockRejectedValueOnce(zxingError('NotFoundException'));
    const error: unknown = await decodeImageFile(new Blob(['x'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairingError);
    expect((error as PairingError).code).toBe('no_qr_in_image');
    expect((error as PairingError).message).toBe('No QR code could be found in that image.');
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:fake');
  });
});
