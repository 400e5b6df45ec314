package session

import (
	"fmt"
	"time"
)

func init() {
	register(
		func() Op { return &GoToStep{} },
		func() Op { return &ProceedWithoutQuorum{} },
		func() Op { return &StartClosedSegment{} },
		func() Op { return &EndClosedSegment{} },
	)
}

// GoToStep moves everyone to an agenda step.
type GoToStep struct {
	Index int `json:"index"`
}

// Kind implements Op.
func (GoToStep) Kind() string { return "agenda.step" }

func (GoToStep) disclosure() disclosure { return recordsNothingSaid }

func (o GoToStep) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermMoveAgenda); err != nil {
		return nil, err
	}
	if o.Index < 0 || o.Index >= len(c.Agenda) {
		return nil, refuse(ErrInvalid, "there is no agenda step %d", o.Index+1)
	}
	if o.Index == c.Step {
		return nil, refuse(ErrConflict, "that is already the current step")
	}
	return o, nil
}

// leaveStep closes the current step's visit.
func leaveStep(c *Conference, x *applyCtx, now time.Time) {
	if c.Step < 0 || c.Step >= len(c.Agenda) {
		return
	}
	c.Agenda = mutable(x, c.Agenda)
	s := &c.Agenda[c.Step]
	s.Ended = now
	s.Spent += now.Sub(s.Entered)
}

func (o GoToStep) apply(c *Conference, x *applyCtx) string {
	now := x.e.At
	leaveStep(c, x, now)
	c.Agenda = mutable(x, c.Agenda)
	s := &c.Agenda[o.Index]
	if s.Started.IsZero() {
		s.Started = now
	}
	s.Entered = now
	s.Ended = time.Time{}
	c.Step = o.Index
	if c.Started.IsZero() {
		c.Started = now
	}
	return fmt.Sprintf("moved to step %d", o.Index+1)
}

// ProceedWithoutQuorum records the chair's reason for going ahead when the
// conference is not quorate.
type ProceedWithoutQuorum struct {
	Reason string `json:"reason"`
}

// Kind implements Op.
func (ProceedWithoutQuorum) Kind() string { return "quorum.proceed" }

func (ProceedWithoutQuorum) disclosure() disclosure { return recordsSpeech }

func (o ProceedWithoutQuorum) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermProceedNoQuorum); err != nil {
		return nil, err
	}
	var err error
	o.Reason, err = cleanField("the reason", o.Reason, requiredText)
	return o, err
}

func (o ProceedWithoutQuorum) apply(c *Conference, x *applyCtx) string {
	c.InquorateReason = o.Reason
	c.InquorateVeil = x.veil
	return "recorded the reason to go ahead without quorum"
}

// StartClosedSegment starts a family-excluded part of the meeting.
type StartClosedSegment struct{}

// Kind implements Op.
func (StartClosedSegment) Kind() string { return "segment.start" }

func (StartClosedSegment) disclosure() disclosure { return recordsNothingSaid }

func (o StartClosedSegment) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermClosedSegment); err != nil {
		return nil, err
	}
	if c.InClosedSegment() {
		return nil, refuse(ErrConflict, "a closed segment is already in progress")
	}
	return o, nil
}

func (o StartClosedSegment) apply(c *Conference, x *applyCtx) string {
	c.Segments = append(c.Segments, Segment{Started: x.e.At})
	return "started a closed segment"
}

// EndClosedSegment ends the closed segment in progress.
type EndClosedSegment struct{}

// Kind implements Op.
func (EndClosedSegment) Kind() string { return "segment.end" }

func (EndClosedSegment) disclosure() disclosure { return recordsNothingSaid }

func (o EndClosedSegment) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermClosedSegment); err != nil {
		return nil, err
	}
	if !c.InClosedSegment() {
		return nil, refuse(ErrConflict, "no closed segment is in progress")
	}
	return o, nil
}

func (o EndClosedSegment) apply(c *Conference, x *applyCtx) string {
	c.Segments = mutable(x, c.Segments)
	c.Segments[len(c.Segments)-1].Ended = x.e.At
	return "ended the closed segment"
}
