/** The durable inbox's notices (src/inbox): late, queued, slow or unsaved messages. */
export default {
  inbox: {
    delayed: 'Sorry for the delay: this answers your message of {{time}}, which was held while the bot restarted or caught up.',
    queued: 'I am busy right now. Your message is safely queued and I will answer it shortly — no need to send it again.',
    slow: 'The database is slow to answer right now. Your message is kept; I will answer as soon as it is back — no need to send it again.',
    unavailableKept: 'The service is temporarily unavailable. Your message is kept and will be handled as soon as it is back — no need to send it again.',
    notSaved: 'I could not store your message just now, so nothing was saved. Please send it again in a minute.',
  },
};
