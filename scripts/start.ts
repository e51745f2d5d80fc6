/**
 * `npm start`: builds the app and serves the build (with the hosting headers, vite.config.ts) on
 * http://localhost:4173, or `--port <n>`. A busy port is one line with the fix, before the build starts.
 */
import { parseArgs } from 'node:util'
import { build, preview } from 'vite'
import { portClash, START_PORT } from './ports'

const { values: args } = parseArgs({ options: { port: { type: 'string', default: String(START_PORT) } } })
const port = Number(args.port)

const clash = await portClash(port, '--port', 'npm start', 'npm start --')
if (clash) {
  process.stdout.write(`${clash}\n`)
  process.exit(1)
}
await build()
const server = await preview({ preview: { port, strictPort: true } })
server.printUrls()
