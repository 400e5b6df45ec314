// Package export writes a conference's records as Markdown: the full record
// for the professionals, the family copy, and the plain-language decision
// letter (SPEC §4).
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
