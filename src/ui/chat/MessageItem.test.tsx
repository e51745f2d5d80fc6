// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChatItem } from '../../store'
import { MessageItem } from './MessageItem'

afterEach(cleanup)

const reply = (text: string, state: 'final' | 'streaming' = 'final'): ChatItem => ({ kind: 'reply', id: 'r1', text, state })
const show = (item: ChatItem) =>
  render(
    <ul>
      <MessageItem gatewayId="gw" item={item} isConnected />
    </ul>,
  ).container

describe('MessageItem replies', () => {
  it('draws a plain reply at once, as paragraphs, without waiting for the Markdown renderer', () => {
    const root = show(reply('Echo: hello\nsecond line\n\nnext paragraph'))
    expect([...root.querySelectorAll('.md > p')].map((p) => p.innerHTML)).toEqual(['Echo: hello<br>second line', 'next paragraph'])
    expect(root.querySelector('.md-plain')).toBeNull()
  })

  it('shows a reply with Markdown raw while the renderer loads, then rendered', async () => {
    const root = show(reply('a **bold** move'))
    expect(root.querySelector('.md-plain')?.textContent).toBe('a **bold** move')
    expect((await screen.findByText('bold')).tagName).toBe('STRONG')
  })

  it('switches a streaming reply to the renderer once Markdown appears in it', async () => {
    const { container, rerender } = render(
      <ul>
        <MessageItem gatewayId="gw" item={reply('Here is a list:', 'streaming')} isConnected />
      </ul>,
    )
    expect(container.querySelector('.md > p')?.textContent).toBe('Here is a list:')
    rerender(
      <ul>
        <MessageItem gatewayId="gw" item={reply('Here is a list:\n\n- one\n- two', 'streaming')} isConnected />
      </ul>,
    )
    expect((await screen.findByText('one')).tagName).toBe('LI')
  })
})
