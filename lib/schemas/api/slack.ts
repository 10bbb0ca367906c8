/**
 * The most a slash-command body may carry: Slack's are a few hundred bytes, and nothing larger is even
 * worth hashing. The command route refuses more with 413 before any work.
 */
export const SLACK_MAX_BODY_BYTES = 16 * 1024

/** Slack sends slash commands as forms and in no other media type; anything else is a 415. */
export const SLACK_COMMAND_MEDIA_TYPE = 'application/x-www-form-urlencoded'
