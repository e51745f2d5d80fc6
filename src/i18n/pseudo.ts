/**
 * The pseudo-locale's text: English with every letter accented and ~40 % more length, between
 * brackets, so untranslated text (no brackets), clipped text (a missing bracket) and fonts without
 * accents show at a glance. Loaded only when the pseudo-locale is chosen.
 */
import type { CompiledMessage, MessageNode } from './icu'

const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'đ',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'î',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'û',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Å',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Đ',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Î',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Û',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
}

/** Accents every letter. */
export const pseudoize = (text: string): string => text.replace(/[A-Za-z]/g, (letter) => ACCENTED[letter] ?? letter)

/** What pads a message of this many letters to ~40 % more, in short words so lines break as long translations would. */
export const pseudoPadding = (letters: number): string => ' ·ẋẋ'.repeat(Math.max(1, Math.round((letters * 0.4) / 4)))

/** The letters of a message's text (not its argument names), which the pseudo-locale pads by ~40 %. */
const lettersIn = (message: CompiledMessage): number =>
  message.reduce<number>((sum, node) => {
    if (typeof node === 'string') return sum + node.replace(/[^A-Za-z]/g, '').length
    if (node === 0 || node.length !== 3) return sum
    return sum + lettersIn(node[2].other ?? [])
  }, 0)

const accentAll = (message: CompiledMessage): CompiledMessage =>
  message.map((node): MessageNode => {
    if (typeof node === 'string') return pseudoize(node)
    if (node === 0 || node.length !== 3) return node
    const cases = Object.fromEntries(Object.entries(node[2]).map(([name, branch]) => [name, accentAll(branch)]))
    return [node[0], node[1], cases]
  })

/** A compiled message in the pseudo-locale: accented, padded, between ⟦ ⟧ (arguments untouched). */
export const pseudoMessage = (message: CompiledMessage): CompiledMessage => ['⟦', ...accentAll(message), `${pseudoPadding(lettersIn(message))}⟧`]
