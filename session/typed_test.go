package session

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestParseChildren(t *testing.T) {
	got, err := ParseChildren(" Ann (2019-04-02), Ben ,, ")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	want := []Child{{Name: "Ann", DOB: time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)}, {Name: "Ben"}}
	if len(got) != len(want) || got[0].Name != want[0].Name || !got[0].DOB.Equal(want[0].DOB) || got[1].Name != want[1].Name || !got[1].DOB.IsZero() {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for in, msg := range map[string]string{
		"Ann (2 April)": "A date of birth must be a date typed as year-month-day, for example 2026-03-14",
		" , ":           "Name at least one child, for example: Ann (2019-04-02), Ben",
	} {
		_, err := ParseChildren(in)
		if !errors.Is(err, ErrInvalid) || ErrorMessage(err) != msg {
			t.Errorf("ParseChildren(%q): got %v (%q), want ErrInvalid saying %q", in, err, ErrorMessage(err), msg)
		}
	}
}

func TestParseDay(t *testing.T) {
	d, err := ParseDay("The date", " 2026-03-14 ")
	if err != nil || !d.Equal(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %v, %v; want 14 March 2026 UTC", d, err)
	}
	if _, err := ParseDay("The due date", "14/03/2026"); ErrorMessage(err) != "The due date must be a date typed as year-month-day, for example 2026-03-14" {
		t.Errorf("got %q, want the due date's sentence", ErrorMessage(err))
	}
}

func TestParseHouseholdRoundTrip(t *testing.T) {
	in := []HouseholdMember{
		{Name: "Dana Smith", Relationship: "Mother", ParentalResponsibility: true, LivesWithChild: true},
		{Name: "Lee Grant", Relationship: "Mother's ex-partner", Restricted: true},
	}
	text := HouseholdLine(in[0]) + "\n\n" + HouseholdLine(in[1])
	got, err := ParseHousehold(text)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("got %+v, %v; want %+v", got, err, in)
	}
	_, err = ParseHousehold("Dana; Mother\nChris; Father; sometimes")
	if want := `Line 2: "sometimes" is not parental responsibility, lives with the child, or withheld`; ErrorMessage(err) != want {
		t.Errorf("got %q, want %q", ErrorMessage(err), want)
	}
}
