package session

import (
	"encoding/json"
	"fmt"
	"os"
)

// Agenda step keys that the screens and records give meaning to.
const (
	StepWelcome   = "welcome"
	StepAttend    = "attendance"
	StepReports   = "reports"
	StepProgress  = "progress"
	StepFamily    = "family-views"
	StepConcerns  = "concerns"
	StepHealth    = "health"
	StepWorking   = "working-well"
	StepWorries   = "worries"
	StepComplicat = "complicating"
	StepDanger    = "danger-statements"
	StepScaling   = "scaling"
	StepSummary   = "summary"
	StepDecision  = "decision"
	StepPlan      = "plan"
	StepDates     = "dates"
	StepClose     = "close"
)

// Template is an agreed agenda for one type of conference.
type Template struct {
	Type  ConferenceType `json:"type"`
	Steps []AgendaStep   `json:"steps"`
}

func step(key, title, prompt string) AgendaStep {
	return AgendaStep{Key: key, Title: title, Prompt: prompt}
}

var initialSteps = []AgendaStep{
	step(StepWelcome, "Welcome, purpose and confidentiality",
		"Say why we are meeting and what the conference decides. Check everyone has accepted the confidentiality statement."),
	step(StepAttend, "Introductions and attendance",
		"Everyone says who they are and why they are here. Record apologies. Check quorum: social care and two other agencies."),
	step(StepReports, "Reports received",
		"Note which agencies sent reports and whether the family saw them before today."),
	step(StepFamily, "The family's views",
		"Hear from the parents or carers, and the child's views in their own words."),
	step(StepConcerns, "Social worker: concerns and what has happened",
		"The social worker sets out the concerns and what has happened since they came to light."),
	step(StepHealth, "Health and development",
		"Health, education and development: what each agency knows."),
	step(StepWorking, "What is working well",
		"Strengths and existing safety: who already keeps the child safe, and how."),
	step(StepWorries, "What we are worried about",
		"Harm that has happened, and the danger if nothing changes. Keep fact, observation, allegation and opinion apart."),
	step(StepComplicat, "What complicates things",
		"Factors that make the worries harder to resolve, and grey areas."),
	step(StepDanger, "Danger statements",
		"Agree plain statements: who is worried, about what, what may happen to the child if nothing changes."),
	step(StepScaling, "Scaling",
		"Ask each person for a 0-10 score and what makes it that number. Scores stay sealed until you reveal them."),
	step(StepSummary, "Chair's summary",
		"Summarise what the conference has heard, without deciding yet."),
	step(StepDecision, "Recommendations and decision",
		"Ask each attendee whether a plan is needed, record the decision, category and reasons, and any dissent."),
	step(StepPlan, "Safety goal and plan",
		"Agree safety goals, actions (what, who, by when), the core group and the lead social worker."),
	step(StepDates, "Next dates",
		"Confirm the decision letter, core group, minutes and review dates."),
	step(StepClose, "Close",
		"Check the family understands what happens next and how to raise a concern. Thank everyone."),
}

// reviewSteps follow the initial agenda, with progress against the plan in
// place of reports.
var reviewSteps = func() []AgendaStep {
	out := make([]AgendaStep, 0, len(initialSteps))
	for _, s := range initialSteps {
		switch s.Key {
		case StepReports:
			s = step(StepProgress, "Progress against the plan",
				"Go through each action from the last plan: done, partly done or not done, and what difference it made.")
		case StepDecision:
			s.Prompt = "Ask each attendee whether the plan should continue or end, record the decision, category and reasons, and any dissent."
		}
		out = append(out, s)
	}
	return out
}()

// BuiltinTemplate returns the built-in agenda for a conference type. Pre-birth
// and transfer-in conferences follow the initial agenda.
func BuiltinTemplate(t ConferenceType) Template {
	steps := initialSteps
	if t == Review {
		steps = reviewSteps
	}
	return Template{Type: t, Steps: cloneSteps(steps)}
}

func cloneSteps(s []AgendaStep) []AgendaStep {
	return append([]AgendaStep(nil), s...)
}

// LoadTemplates reads agenda templates from a JSON file: an array of
// {"type": "...", "steps": [{"key","title","prompt"}]}. Loaded templates
// override the built-in ones for their type. Text is checked as if typed.
func LoadTemplates(path string) (map[ConferenceType]Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("session: read templates: %w", err)
	}
	var ts []Template
	if err := json.Unmarshal(data, &ts); err != nil {
		return nil, fmt.Errorf("session: templates in %s: %w", path, err)
	}
	out := map[ConferenceType]Template{}
	for i, t := range ts {
		if !t.Type.Valid() {
			return nil, refuse(ErrInvalid, "template %d has unknown type %q", i+1, t.Type)
		}
		steps, err := checkSteps(t.Steps)
		if err != nil {
			return nil, fmt.Errorf("template %d (%s): %w", i+1, t.Type, err)
		}
		out[t.Type] = Template{Type: t.Type, Steps: steps}
	}
	return out, nil
}

func checkSteps(in []AgendaStep) ([]AgendaStep, error) {
	if len(in) == 0 {
		return nil, refuse(ErrInvalid, "the agenda has no steps")
	}
	if len(in) > 60 {
		return nil, refuse(ErrInvalid, "the agenda has %d steps; the limit is 60", len(in))
	}
	out := make([]AgendaStep, len(in))
	for i, s := range in {
		var err error
		out[i].Key, err = cleanField("step key", s.Key, optionalLine)
		if err != nil {
			return nil, err
		}
		if out[i].Title, err = cleanField(fmt.Sprintf("step %d title", i+1), s.Title, requiredLine); err != nil {
			return nil, err
		}
		if out[i].Prompt, err = cleanField(fmt.Sprintf("step %d prompt", i+1), s.Prompt, optionalLongLine); err != nil {
			return nil, err
		}
	}
	return out, nil
}
