// Elements a reply must never produce: active content, resource loads, forms and page-level elements.
const FORBIDDEN =
  'script, iframe, frame, object, embed, svg, math, style, link, meta, base, form, input, button:not(.md-copy), textarea, select, img, picture, video, audio, source, details, dialog, template'
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i

/**
 * What is unsafe in rendered reply markup, as readable strings; empty when it is inert. Used by the unit
 * tests; it takes a plain Element so a browser test can run the same check on the live page.
 */
export function findUnsafeMarkup(root: Element): string[] {
  const problems: string[] = []
  for (const element of root.querySelectorAll(FORBIDDEN)) problems.push(`<${element.localName}> element`)
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) problems.push(`${name} attribute on <${element.localName}>`)
      if (name === 'style') problems.push(`style attribute on <${element.localName}>`)
      if (['src', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'].includes(name)) problems.push(`${name} attribute`)
      if (name === 'href' && (element.localName !== 'a' || !ALLOWED_HREF.test(value))) problems.push(`href=${JSON.stringify(value.slice(0, 80))}`)
    }
    if (element.localName === 'a') {
      if (element.getAttribute('target') !== '_blank') problems.push('link without target=_blank')
      if (element.getAttribute('rel') !== 'noopener noreferrer') problems.push('link without rel=noopener noreferrer')
      if (!element.hasAttribute('href')) problems.push('<a> without href')
    }
  }
  return problems
}
