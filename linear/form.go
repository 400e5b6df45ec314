package linear

import (
	"fmt"
	"strconv"
	"strings"
)

// option is one answer to a choice, read out with its number.
type option struct{ label, value string }

// field is one question of a form, asked on its own line.
type field struct {
	label string
	// options makes the field a numbered choice.
	options []option
	// optionsFor, if set, gives the choice from the answers so far (the
	// items of the section just chosen).
	optionsFor func(vals []string) []option
	// optional fields may be left empty with enter; empty says what that
	// means ("the usual question"), if anything.
	optional bool
	empty    string
	// check refuses an answer before anything is sent with a sentence to
	// read ("" accepts it); the field is asked again after the refusal.
	check func(string) string
	// skip, if set, leaves the field out given the answers so far.
	skip func(vals []string) bool
}

// form asks its fields one per line, then submits the answers.
type form struct {
	intro  string
	fields []field
	vals   []string
	submit func(vals []string)
	cancel func()
}

// startForm opens f and asks its first field.
func (t *Terminal) startForm(f *form) {
	t.form = f
	if f.intro != "" {
		t.say(f.intro + " Press enter after each answer, or escape to cancel.")
	}
	t.askNext()
}

// askNext asks the next field, filling in choices with only one answer,
// or submits once every field is answered.
func (t *Terminal) askNext() {
	f := t.form
	for len(f.vals) < len(f.fields) {
		fl := &f.fields[len(f.vals)]
		if fl.optionsFor != nil {
			fl.options = fl.optionsFor(f.vals)
			if len(fl.options) == 0 {
				t.form = nil
				t.say("There is nothing to choose from there.")
				return
			}
		}
		switch {
		case fl.skip != nil && fl.skip(f.vals):
			f.vals = append(f.vals, "")
			continue
		case fl.options != nil && len(fl.options) == 1:
			// The only answer is taken, and said, so the person knows.
			t.say(fmt.Sprintf("%s: %s", fl.label, sentence(fl.options[0].label)))
			f.vals = append(f.vals, fl.options[0].value)
			continue
		}
		t.say(prompt(*fl))
		return
	}
	t.form = nil
	f.submit(f.vals)
}

// prompt is the line that asks for a field.
func prompt(fl field) string {
	if fl.options == nil {
		if fl.optional {
			if fl.empty != "" {
				return fl.label + " (or press enter for " + fl.empty + "):"
			}
			return fl.label + " (optional; press enter to leave it empty):"
		}
		if strings.HasSuffix(fl.label, "?") {
			return fl.label
		}
		return fl.label + ":"
	}
	parts := make([]string, len(fl.options))
	for i, o := range fl.options {
		parts[i] = fmt.Sprintf("%d. %s.", i+1, o.label)
	}
	return fmt.Sprintf("%s: %s Type a number.", fl.label, strings.Join(parts, " "))
}

// formLine takes the typed answer to the current field.
func (t *Terminal) formLine(s string) {
	f := t.form
	fl := f.fields[len(f.vals)]
	if fl.options != nil {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > len(fl.options) {
			t.say(fmt.Sprintf("Type a number from 1 to %d.", len(fl.options)), prompt(fl))
			return
		}
		s = fl.options[n-1].value
	} else if strings.TrimSpace(s) == "" && !fl.optional {
		t.say("This needs an answer.", prompt(fl))
		return
	}
	if fl.check != nil {
		if why := fl.check(s); why != "" {
			t.say(why, prompt(fl))
			return
		}
	}
	f.vals = append(f.vals, s)
	t.askNext()
}

// cancelForm closes the form without sending anything.
func (t *Terminal) cancelForm() {
	f := t.form
	t.form = nil
	if f.cancel != nil {
		f.cancel()
		return
	}
	t.say("Cancelled.")
}

var yesNo = []option{{"no", "no"}, {"yes", "yes"}}
