/** Renders `backticked` parts of a plain message as code, without ever interpreting HTML. */
export function CommandText({ text }: { text: string }) {
  const parts = text.split('`')
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>
}
