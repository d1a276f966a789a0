package store

// ChannelQueries store what leaves the process: templates, the outbox, letters, SMTP settings.
type ChannelQueries interface{}
