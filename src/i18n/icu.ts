/**
 * The ICU MessageFormat subset the app's messages use, parsed into a small tree: `{name}` arguments,
 * `{n, plural, one {…} other {…}}` (with `#` and `=N` cases), `{x, select, a {…} other {…}}` and
 * `{n, number}`. Catalogs are parsed at build time (vite's .po plugin, scripts/i18n); English source
 * text is parsed here on first use and cached. Quoting with apostrophes is not supported: messages use
 * the typographic ’, so a plain ' is just a character.
 */

/** A parsed message: text, `[name]`, `[name, 'number']`, `[name, 'plural' | 'select', cases, offset]`, or 0 for `#`. */
export type MessageNode = string | 0 | [string] | [string, 'number'] | [string, 'plural' | 'select', Record<string, MessageNode[]>]
export type CompiledMessage = MessageNode[]

export class MessageSyntaxError extends Error {
  override name = 'MessageSyntaxError'
}

export function parseMessage(source: string): CompiledMessage {
  let at = 0
  const fail = (what: string): never => {
    throw new MessageSyntaxError(`${what} at ${at} in "${source}"`)
  }
  const skipSpace = () => {
    while (/\s/.test(source[at] ?? '')) at++
  }
  const word = (): string => {
    skipSpace()
    const start = at
    while (at < source.length && !/[\s,{}]/.test(source[at]!)) at++
    if (at === start) fail('Expected a name')
    return source.slice(start, at)
  }
  const nodes = (inPlural: boolean, nested: boolean): CompiledMessage => {
    const out: CompiledMessage = []
    let text = ''
    const flush = () => {
      if (text) out.push(text)
      text = ''
    }
    while (at < source.length) {
      const char = source[at]!
      if (char === '}') {
        if (!nested) fail('Unmatched }')
        break
      }
      if (char === '#' && inPlural) {
        flush()
        out.push(0)
        at++
      } else if (char === '{') {
        flush()
        at++
        out.push(argument(inPlural))
      } else {
        text += char
        at++
      }
    }
    flush()
    return out
  }
  const argument = (inPlural: boolean): MessageNode => {
    const name = word()
    skipSpace()
    if (source[at] === '}') {
      at++
      return [name]
    }
    if (source[at] !== ',') fail('Expected , or }')
    at++
    const type = word()
    skipSpace()
    if (type === 'number') {
      if (source[at] !== '}') fail('Expected }')
      at++
      return [name, 'number']
    }
    if (type !== 'plural' && type !== 'select') return fail(`Unsupported argument type ${type}`)
    if (source[at] !== ',') fail('Expected ,')
    at++
    const cases: Record<string, CompiledMessage> = {}
    for (;;) {
      skipSpace()
      if (source[at] === '}') break
      const key = word()
      skipSpace()
      if (source[at] !== '{') fail('Expected {')
      at++
      cases[key] = nodes(type === 'plural' || inPlural, true)
      if (source[at] !== '}') fail('Expected }')
      at++
    }
    at++
    if (!cases.other) fail(`The ${type} of ${name} has no "other" case`)
    return [name, type, cases]
  }
  const parsed = nodes(false, false)
  return parsed
}

/** The argument names a message uses (for the catalogs test: a translation must use the same ones). */
export function argumentNames(message: CompiledMessage, into = new Set<string>()): Set<string> {
  for (const node of message) {
    if (typeof node === 'string' || node === 0) continue
    into.add(node[0])
    if (node.length === 3) for (const branch of Object.values(node[2])) argumentNames(branch, into)
  }
  return into
}
