// Installs the pinned gateway before any spec starts, so no test's timeout pays for the download.
import { ensureGatewayInstalled } from '../harness/install'

export default async function globalSetup(): Promise<void> {
  await ensureGatewayInstalled((line) => console.log(`[gateway harness] ${line}`))
}
