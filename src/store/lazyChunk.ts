/**
 * A part of the store that lives in a chunk of its own, loaded on first use: every caller shares one
 * load, the result is kept for synchronous use once there (`loaded()`), and a failed load is
 * forgotten so that the next call tries again.
 */
export type LazyChunk<T> = { load(): Promise<T>; loaded(): T | undefined }

export function lazyChunk<T>(importAndCreate: () => Promise<T>): LazyChunk<T> {
  let value: T | undefined
  let loading: Promise<T> | undefined
  return {
    load: () =>
      (loading ??= importAndCreate().then(
        (created) => (value = created),
        (error: unknown) => {
          loading = undefined
          throw error
        },
      )),
    loaded: () => value,
  }
}
