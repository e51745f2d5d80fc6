// `npm run gateway:install`: installs the pinned gateway and Node runtime ahead of the tests (CI does this first).
import { ensureGatewayInstalled } from './install'

const install = await ensureGatewayInstalled((line) => console.log(`[gateway harness] ${line}`))
console.log(`[gateway harness] ready: ${install.openclawEntry}`)
