// Package export writes a conference's records as Markdown: the full record
// for the professionals, the family copy, and the plain-language decision
// letter (SPEC §4); [Document.AsHTML] renders any of them as one
// self-contained printable HTML page (goldmark, no scripts, no remote
// assets). The record is split by part: record_people.go (attendance,
// quorum, distribution), record_details.go (case context, notes, summary,
// the plan's detail), record_board.go, record_scaling.go,
// record_decision.go, record_plan.go, record_life.go (version, amendments)
// and record_audit.go; plain.go holds the family's first page, glossary
// and complaints wording, which the letter shares.
//
// The encoders are pure: a [session.Snapshot] in, CommonMark (with GFM
// tables) out. They read no clock and no randomness and iterate no map
// unsorted, so the same snapshot always gives the same bytes; times are
// shown in Europe/London whatever the machine's zone.
//
// Everything a person typed is escaped before it reaches the page, so text
// such as "# heading", "| cell |", "<script>" or "[x](http://evil)" reads as
// the characters typed and can never add a heading, a table cell, raw HTML, a
// link or an image. The family copies and the letter are built only from
// session's family views ([session.Snapshot.FamilyView] and
// [session.Snapshot.FamilyViewFor]); export keeps no rule of its own about
// what the family may see, so restricted text, anything recorded in a
// closed segment and anything recorded while a family member was excluded
// cannot reach them. Where family members may see different things, each
// gets their own copy ([FamilyCopies]).
package export
