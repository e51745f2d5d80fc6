/**
 * Reads and writes the gettext .po catalogs (src/locales/<locale>/<part>.po): one entry per message,
 * `msgctxt` its id, `msgid` the English source, `msgstr` the translation. Only what the catalogs use
 * is supported: comments, the three keywords, and continuation lines.
 */
export type PoEntry = { id: string; source: string; translation: string; comments: string[]; isFuzzy: boolean }

// A .po string's escapes (\" \\ \n \t) are JSON's.
const unquote = (quoted: string): string => JSON.parse(quoted) as string
const quote = (text: string): string => JSON.stringify(text)

export function parsePo(text: string): PoEntry[] {
  const entries: PoEntry[] = []
  let current: Partial<Record<'msgctxt' | 'msgid' | 'msgstr', string>> = {}
  let comments: string[] = []
  let isFuzzy = false
  let field: 'msgctxt' | 'msgid' | 'msgstr' | undefined
  const finish = () => {
    if (current.msgid !== undefined && current.msgctxt) {
      entries.push({ id: current.msgctxt, source: current.msgid, translation: current.msgstr ?? '', comments, isFuzzy })
    }
    current = {}
    comments = []
    isFuzzy = false
    field = undefined
  }
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (!line) {
      finish()
      continue
    }
    if (line.startsWith('#')) {
      if (field) finish()
      if (line.startsWith('#,') && line.includes('fuzzy')) isFuzzy = true
      else comments.push(line)
      continue
    }
    const keyword = /^(msgctxt|msgid|msgstr)\s+(".*")$/.exec(line)
    if (keyword) {
      const name = keyword[1] as 'msgctxt' | 'msgid' | 'msgstr'
      if (name === 'msgctxt' && current.msgid !== undefined) finish()
      field = name
      current[field] = unquote(keyword[2]!)
    } else if (line.startsWith('"') && field) {
      current[field] += unquote(line)
    } else {
      throw new Error(`Unreadable .po line: ${rawLine}`)
    }
  }
  finish()
  return entries
}

export function writePo(header: string, entries: PoEntry[]): string {
  const blocks = entries.map((entry) =>
    [
      ...entry.comments,
      ...(entry.isFuzzy ? ['#, fuzzy'] : []),
      `msgctxt ${quote(entry.id)}`,
      `msgid ${quote(entry.source)}`,
      `msgstr ${quote(entry.translation)}`,
    ].join('\n'),
  )
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n\n${blocks.join('\n\n')}\n`
}
