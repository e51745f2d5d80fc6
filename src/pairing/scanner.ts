// The only module that imports @zxing/browser. The UI loads it with a dynamic import() when the
// user starts scanning, so it must have no side effects at module evaluation time.
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { PairingError, pairingErrors } from './pairingError';

export type ScanSession = {
  stop(): void;
  torch?: { isOn(): boolean; set(on: boolean): Promise<void> };
};

// The torch is not in TypeScript's DOM types yet (Chrome on Android implements it).
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };
type TorchConstraintSet = MediaTrackConstraintSet & { torch?: boolean };

// zxing reports these on every frame without a readable code; they are not failures.
const ROUTINE_MISSES = new Set(['NotFoundException', 'ChecksumException', 'FormatException']);

function isRoutineMiss(error: unknown): boolean {
  const getKind = (error as { getKind?: unknown } | null)?.getKind;
  return typeof getKind === 'function' && ROUTINE_MISSES.has(String(getKind.call(error)));
}

function errorName(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

function cameraApiMissing(): boolean {
  const nav = (globalThis as { navigator?: { mediaDevices?: { getUserMedia?: unknown } } }).navigator;
  return typeof nav?.mediaDevices?.getUserMedia !== 'function';
}

function isInsecureContext(): boolean {
  return (globalThis as { isSecureContext?: boolean }).isSecureContext === false;
}

export function cameraErrorToPairingError(e: unknown): PairingError {
  if (e instanceof PairingError) return e;
  switch (errorName(e)) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // pre-standard Chrome
      return pairingErrors.camera_denied();
    case 'NotFoundError':
    case 'DevicesNotFoundError': // pre-standard Chrome
    case 'OverconstrainedError':
      return pairingErrors.camera_missing();
    case 'SecurityError':
      return isInsecureContext() ? pairingErrors.camera_insecure() : pairingErrors.camera_denied();
  }
  // Browsers hide navigator.mediaDevices entirely on http:// pages other than localhost.
  if (cameraApiMissing() || isInsecureContext()) return pairingErrors.camera_insecure();
  return pairingErrors.camera_unavailable();
}

function torchControl(track: MediaStreamTrack | undefined): ScanSession['torch'] {
  if (!track || typeof track.getCapabilities !== 'function') return undefined;
  let capabilities: TorchCapabilities;
  try {
    capabilities = track.getCapabilities();
  } catch {
    return undefined;
  }
  if (capabilities.torch !== true) return undefined;
  let on = false;
  return {
    isOn: () => on,
    async set(next: boolean) {
      const constraint: TorchConstraintSet = { torch: next };
      await track.applyConstraints({ advanced: [constraint] });
      on = next;
    },
  };
}

/**
 * Shows the rear camera in `video` and reports each newly seen QR text. The same text is reported
 * once until a different one is seen, since zxing re-reads a code that stays in view every frame.
 * Rejects with a PairingError (camera_*) when the camera cannot be opened.
 */
export async function startScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
  onError?: (e: Error) => void,
): Promise<ScanSession> {
  if (cameraApiMissing()) throw cameraErrorToPairingError(undefined);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    });
  } catch (e) {
    throw cameraErrorToPairingError(e);
  }

  const stopTracks = () => {
    for (const track of stream.getTracks()) track.stop();
  };
  let stopped = false;
  let lastText: string | undefined;
  let controls: IScannerControls;
  try {
    controls = await new BrowserQRCodeReader().decodeFromStream(stream, video, (result, error) => {
      if (stopped) return;
      if (result) {
        const text = result.getText();
        if (text !== lastText) {
          lastText = text;
          onText(text);
        }
      } else if (error && !isRoutineMiss(error)) {
        onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
  } catch (e) {
    // zxing rejects (sometimes with `false`) when the preview never starts playing.
    stopTracks();
    throw cameraErrorToPairingError(e);
  }

  const session: ScanSession = {
    stop() {
      if (stopped) return;
      stopped = true;
      controls.stop();
      stopTracks();
    },
  };
  const torch = torchControl(stream.getVideoTracks()[0]);
  if (torch) session.torch = torch;
  return session;
}

/** Reads a QR code from a photo or screenshot. Rejects with PairingError 'no_qr_in_image'. */
export async function decodeImageFile(file: Blob): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const result = await new BrowserQRCodeReader().decodeFromImageUrl(url);
    return result.getText();
  } catch {
    // Not found, unreadable or not an image at all: the user's next step is the same.
    throw pairingErrors.no_qr_in_image();
  } finally {
    URL.revokeObjectURL(url);
  }
}
