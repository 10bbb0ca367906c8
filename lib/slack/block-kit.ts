// Block Kit messages for slash-command replies, within Slack's structural limits.

/** Slack's limits: blocks per message, characters per section, elements per context block. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  fields: 10,
  fieldText: 2000,
}

export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: { type: 'mrkdwn'; text: string }; fields?: { type: 'mrkdwn'; text: string }[] }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'divider' }

export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel'
  /** The plain fallback Slack shows in notifications and where blocks cannot be drawn. */
  text: string
  blocks: Block[]
  replace_original?: boolean
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, SLACK_LIMITS.headerText) },
})
export const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, SLACK_LIMITS.sectionText) },
})
export const fields = (items: string[]): Block => ({
  type: 'section',
  fields: items
    .slice(0, SLACK_LIMITS.fields)
    .map((text) => ({ type: 'mrkdwn', text: clip(text, SLACK_LIMITS.fieldText) })),
})
/** Lines folded into context blocks of at most ten elements each. */
export function context(lines: string[]): Block[] {
  const blocks: Block[] = []
  for (let start = 0; start < lines.length; start += SLACK_LIMITS.contextElements) {
    const elements = lines
      .slice(start, start + SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text: clip(text, SLACK_LIMITS.contextText) }))
    blocks.push({ type: 'context', elements })
  }
  return blocks
}

/** A message never has more blocks than Slack takes: the last one says what was left out. */
export function message(inChannel: boolean, text: string, blocks: Block[]): SlackMessage {
  const fitted =
    blocks.length <= SLACK_LIMITS.blocks
      ? blocks
      : [
          ...blocks.slice(0, SLACK_LIMITS.blocks - 1),
          section(`… ${blocks.length - SLACK_LIMITS.blocks + 1} more not shown`),
        ]
  return {
    response_type: inChannel ? 'in_channel' : 'ephemeral',
    text: clip(text, SLACK_LIMITS.sectionText),
    blocks: fitted,
  }
}

export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}
