// Installs every release of the compat suite before any test starts, so no test's timeout pays for a download.
import { COMPAT_RELEASES } from '../../harness/compatReleases'
import { ensureGatewayInstalled } from '../../harness/install'

export default async function compatSetup(): Promise<void> {
  for (const version of COMPAT_RELEASES) await ensureGatewayInstalled((line) => console.log(`[gateway ${version}] ${line}`), version)
}
