/**
 * Finds English the UI would show without going through the i18n layer (noHardcodedText.test.ts runs
 * it over src/ui). What counts as shown text: JSX text, the text attributes (aria-label, title,
 * placeholder, alt, …), strings a JSX expression evaluates to (`{isOn ? 'On' : 'Off'}`), and any
 * other string literal that reads as a sentence (three or more words, the first capitalised) outside
 * defineMessages. Text inside an element marked translate="no" (commands, ids) is not language.
 */
import ts from 'typescript'

export type Finding = { line: number; text: string; why: string }

const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
])
// An address (wss://host, an example URL) is not language.
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !/^\S*:\/\/\S*$/.test(text.trim())
const SENTENCE = /^\s*[A-Z][\p{L}’']*(?:[\s,;:—-]+[\p{L}’'.…]+){2,}/u

/** The strings an expression can evaluate to: through ?:, ??, ||, &&, parentheses and templates (not into calls). */
function resultStrings(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return resultStrings(node.expression)
  if (ts.isConditionalExpression(node)) return [...resultStrings(node.whenTrue), ...resultStrings(node.whenFalse)]
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)
  ) {
    return [...resultStrings(node.left), ...resultStrings(node.right)]
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node]
  if (ts.isTemplateExpression(node)) return [node.head, ...node.templateSpans.map((span) => span.literal)]
  return []
}

const literalText = (node: ts.Node): string =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node) ? node.text : ''

function isNotTranslated(element: ts.Node): boolean {
  for (let node: ts.Node | undefined = element; node; node = node.parent) {
    const opening = ts.isJsxElement(node) ? node.openingElement : ts.isJsxSelfClosingElement(node) ? node : undefined
    const marked = opening?.attributes.properties.some(
      (attribute) =>
        ts.isJsxAttribute(attribute) &&
        attribute.name.getText() === 'translate' &&
        attribute.initializer &&
        ts.isStringLiteral(attribute.initializer) &&
        attribute.initializer.text === 'no',
    )
    if (marked) return true
  }
  return false
}

const isInsideDefineMessages = (node: ts.Node): boolean => {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === 'defineMessages') return true
  }
  return false
}

export function findHardcodedText(code: string, fileName = 'file.tsx'): Finding[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const findings: Finding[] = []
  const seen = new Set<ts.Node>()
  const report = (node: ts.Node, text: string, why: string) => {
    if (seen.has(node) || !hasWords(text) || isNotTranslated(node)) return
    seen.add(node)
    findings.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim(), why })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineMessages') return
    if (ts.isJsxText(node)) report(node, node.text, 'JSX text')
    else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const values = ts.isStringLiteral(node.initializer)
        ? [node.initializer]
        : node.initializer.kind === ts.SyntaxKind.JsxExpression && node.initializer.expression
          ? resultStrings(node.initializer.expression)
          : []
      for (const value of values) report(value, literalText(value), `${node.name.getText()} attribute`)
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const value of resultStrings(node.expression)) report(value, literalText(value), 'string in JSX')
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) &&
      SENTENCE.test(node.text) &&
      !isInsideDefineMessages(node)
    ) {
      report(node, node.text, 'sentence in code')
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return findings
}
