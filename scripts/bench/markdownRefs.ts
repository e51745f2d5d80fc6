/**
 * `npx tsx scripts/bench/markdownRefs.ts [path/to/parseMarkdown.ts]`: a streamed reply with 4,000 link reference
 * definitions, parsed five times as chunks arrive (each parse reuses the last one's block cache), as the chat does.
 * The block cache once keyed every block with all the definitions: 3.5-10 s per parse on a shared 2-core machine,
 * now 0.1-0.4 s (the first parse, cold, about 1 s).
 * Pass another checkout's parseMarkdown.ts to compare. Not part of `npm run bench` (no browser, no gateway).
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const DEFINITIONS = 4_000
const file = path.resolve(process.argv[2] ?? 'src/markdown/parseMarkdown.ts')
const { parseMarkdown } = (await import(pathToFileURL(file).href)) as typeof import('../../src/markdown/parseMarkdown')
const text = Array.from({ length: DEFINITIONS }, (_, i) => `See [ref ${i}] for item ${i}.\n\n[ref ${i}]: https://example.com/${i} "Title ${i}"`).join('\n\n')
const times: number[] = []
let cache: ReturnType<typeof parseMarkdown>['cache'] | undefined
for (let run = 0; run < 5; run++) {
  const started = performance.now()
  cache = parseMarkdown(`${text}\n\nchunk ${run}`, cache).cache
  times.push(performance.now() - started)
}
const median = [...times].sort((a, b) => a - b)[2]!
console.log(`${DEFINITIONS} definitions, ${text.length} chars: ${times.map((t) => t.toFixed(0)).join(', ')} ms per parse (median ${median.toFixed(0)} ms)`)
