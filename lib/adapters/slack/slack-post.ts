/**
 * Slack answers a post in well under a second; one that has not answered in this long is abandoned, so
 * a stalled Slack never holds a worker to its Lambda timeout (the caller fails and is retried instead).
 */
export const SLACK_POST_TIMEOUT_MS = 5_000

/** POSTs a JSON message to a Slack URL (response_url or incoming webhook), giving up after timeoutMs. */
export async function postToSlack(
  url: string,
  message: unknown,
  what: string,
  timeoutMs: number = SLACK_POST_TIMEOUT_MS,
): Promise<void> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new Error(`${what} did not answer within ${timeoutMs} ms`, { cause: error })
    throw error
  }
  // The body is not needed; releasing it frees the connection.
  await response.body?.cancel()
  if (!response.ok) throw new Error(`${what} answered ${response.status}`)
}
