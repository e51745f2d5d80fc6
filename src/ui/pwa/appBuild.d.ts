/** Set by vite.config.ts `define` from APP_BUILD_ID; tells two builds of one version apart. */
declare const __APP_BUILD__: string
