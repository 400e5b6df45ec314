// Package session is the single source of truth for every conference confer
// holds: its state, the commands that change it, who may issue them, the
// durable journal those changes are written to, and the live hub that tells
// every terminal when something changed.
//
// The flow is always the same. A caller builds a [Command] carrying the
// [Actor] who asked for it. The [Hub] checks the actor's role against what
// the operation needs, validates and normalises it (text is sanitised here),
// turns it into an [Event], makes the event durable through a [Journal], folds
// it into the state and only then notifies subscribers. State is a fold over
// the journal, so replaying it rebuilds every conference exactly, and the
// events double as the audit trail.
//
// Who may do what is one table ([Allows], [Refusal]) that every command's
// role check reads; a refused person reads [ErrorMessage] of the error, a
// plain sentence. What a family member may see is one rule too: every
// event that records what was said stamps what it writes with a [Veil]
// (who could not hear it: the family during a closed segment, a family
// member while excluded), and [Snapshot.ViewFor] and
// [Snapshot.FamilyView] are made from those stamps and the restriction
// marks. Every op kind declares whether it records what was said.
//
// Snapshots are immutable values: a subscriber is told "version N exists"
// and reads [Hub.Snapshot]. Publishing never blocks: each subscriber has a
// latest-wins slot of one.
//
// The package knows nothing of SSH, terminals or Markdown.
package session
