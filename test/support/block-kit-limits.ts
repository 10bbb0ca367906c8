import type { SlackMessage } from '../../lib/slack/block-kit.ts'

/** Slack's structural limits for a message, checked independently of the builders. */
export function blockKitViolations(message: SlackMessage): string[] {
  const problems: string[] = []
  if (!message.text) problems.push('no plain text fallback')
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks (at most 50)`)
  message.blocks.forEach((block, index) => {
    if (block.type === 'header' && block.text.text.length > 150)
      problems.push(`block ${index}: header over 150 characters`)
    if (block.type === 'section') {
      if (!block.text && !block.fields) problems.push(`block ${index}: section with neither text nor fields`)
      if (block.text && block.text.text.length > 3000)
        problems.push(`block ${index}: section text over 3000 characters`)
      if (block.fields && block.fields.length > 10) problems.push(`block ${index}: over 10 fields`)
      for (const field of block.fields ?? [])
        if (field.text.length > 2000) problems.push(`block ${index}: field over 2000 characters`)
    }
    if (block.type === 'context') {
      if (block.elements.length > 10) problems.push(`block ${index}: context with over 10 elements`)
      for (const element of block.elements)
        if (element.text.length > 2000) problems.push(`block ${index}: context text over 2000`)
    }
  })
  return problems
}
