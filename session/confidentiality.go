package session

// Confidentiality is the statement everyone accepts before the board is
// shown (SPEC §2). It lives here so the full-screen app and the linear mode
// show the same words; its first line is its heading.
const Confidentiality = `Confidentiality

This conference is about a child's safety. What you see and hear here is shared only with the people who need to know it to keep the child safe.

Do not record, copy, photograph, screenshot or forward anything on this screen, and do not let anyone else see it. Make sure nobody is looking at your screen or listening who should not be.

Information about the family is protected by law. Use it only for the child's protection plan. Some information is restricted and is not shared with the family.

Your acceptance is recorded with the time.`
