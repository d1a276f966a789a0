package dunning

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// Phase is how firm a step is. Phases are ordered: preventive < level1 < level2 < level3 <
// litigation, and a policy's steps never go back to a softer phase.
type Phase string

// The phases of the seeds.
const (
	Preventive Phase = "preventive" // before the due date: is anything in the way of payment?
	Level1     Phase = "level1"     // amicable: a simple oversight?
	Level2     Phase = "level2"     // firmer: letter and phone, penalties mentioned
	Level3     Phase = "level3"     // formal notice (mise en demeure), pre-litigation
	Litigation Phase = "litigation" // claim file: injonction de payer, lawyer, agency
)

// Phases lists the phases from the softest to the firmest.
var Phases = []Phase{Preventive, Level1, Level2, Level3, Litigation}

// Rank orders the phases from 0 (preventive) to 4 (litigation); an unknown phase is -1.
func (p Phase) Rank() int {
	switch p {
	case Preventive:
		return 0
	case Level1:
		return 1
	case Level2:
		return 2
	case Level3:
		return 3
	case Litigation:
		return 4
	}
	return -1
}

// Label is the phase's name for people.
func (p Phase) Label(lang string) string {
	r := p.Rank()
	if r < 0 {
		return string(p)
	}
	if lang == "en" {
		return [...]string{"preventive", "level 1", "level 2", "level 3 (formal notice)", "litigation"}[r]
	}
	return [...]string{"préventif", "niveau 1", "niveau 2", "niveau 3 (mise en demeure)", "contentieux"}[r]
}

// Channel is how a step reaches the debtor.
type Channel string

// The channels.
const (
	Email            Channel = "email"
	Letter           Channel = "letter"
	RegisteredLetter Channel = "registered_letter" // lettre recommandée avec accusé de réception (LRAR)
	Call             Channel = "call"              // a phone call on a collector's worklist
	Task             Channel = "task"              // internal work (prepare the claim file); never a contact
)

// Channels lists the channels in the order a day's actions are given.
var Channels = []Channel{Email, Letter, RegisteredLetter, Call, Task}

// index is the channel's position in Channels, or -1.
func (c Channel) index() int {
	switch c {
	case Email:
		return 0
	case Letter:
		return 1
	case RegisteredLetter:
		return 2
	case Call:
		return 3
	case Task:
		return 4
	}
	return -1
}

// IsContact reports whether the channel reaches the debtor, and so counts against the
// minimum days between two contacts. Tasks are internal.
func (c Channel) IsContact() bool { return c != Task && c.index() >= 0 }

// Step is one stage of a policy: on the invoice's due date plus OffsetDays (moved to the next
// business day), send Template through Channel.
type Step struct {
	Name       string      `json:"name"`
	Phase      Phase       `json:"phase"`
	OffsetDays int         `json:"offset_days"` // negative: before the due date
	Channel    Channel     `json:"channel"`
	Template   string      `json:"template"`
	MinAmount  money.Cents `json:"min_amount"` // see Plan: compared with the customer's total open
	Approval   bool        `json:"approval"`   // a collector approves it before it goes out
	Penalties  bool        `json:"penalties"`  // the communication shows late penalties and the 40 EUR indemnity
}

// Policy is a collection scenario ("scénario de relance"): the steps, in offset order, and
// how close two contacts and how long a promise may hold the customer.
type Policy struct {
	Name                   string `json:"name"`
	Description            string `json:"description,omitempty"`
	MinDaysBetweenContacts int    `json:"min_days_between_contacts"`
	PromiseGraceDays       int    `json:"promise_grace_days"`
	Steps                  []Step `json:"steps"`
}

// MaxSteps bounds a policy's length; Plan keeps one bit per step and invoice.
const MaxSteps = 64

// PolicyError is a policy that cannot be used, with where: the step (1-based, in the order the
// user wrote them) and its name, the field, and the line of the file when read from one.
type PolicyError struct {
	Policy   string
	Step     int // 0 when the error is about the policy itself
	StepName string
	Field    string
	Line     int // 0 when unknown
	Msg      string
}

func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString("policy ")
	if e.Policy != "" {
		b.WriteString(e.Policy)
	} else {
		b.WriteString("(unnamed)")
	}
	if e.Step > 0 {
		fmt.Fprintf(&b, ", step %d", e.Step)
		if e.StepName != "" {
			fmt.Fprintf(&b, " (%s)", e.StepName)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	return b.String()
}

// ParsePhase reads a phase, refusing unknown ones with the list of valid ones.
func ParsePhase(s string) (Phase, error) {
	if p := Phase(s); p.Rank() >= 0 {
		return p, nil
	}
	return "", fmt.Errorf("unknown phase %q: want preventive, level1, level2, level3 or litigation", s)
}

// ParseChannel reads a channel, refusing unknown ones with the list of valid ones.
func ParseChannel(s string) (Channel, error) {
	if c := Channel(s); c.index() >= 0 {
		return c, nil
	}
	return "", fmt.Errorf("unknown channel %q: want email, letter, registered_letter, call or task", s)
}

// Validate checks the policy and sorts its steps by offset (stably: steps on one offset keep
// the order they were written in). Errors number the steps as written.
func (p *Policy) Validate() error {
	perr := func(step int, field, format string, args ...any) error {
		e := &PolicyError{Policy: p.Name, Step: step, Field: field, Msg: fmt.Sprintf(format, args...)}
		if step > 0 {
			e.StepName = p.Steps[step-1].Name
		}
		return e
	}
	if !validName(p.Name) {
		return perr(0, "name", "name %q: want letters, digits, '-', '_' or '.', starting with a letter or digit", p.Name)
	}
	if p.MinDaysBetweenContacts < 0 || p.MinDaysBetweenContacts > 365 {
		return perr(0, "min_days_between_contacts", "min_days_between_contacts %d: want 0 to 365", p.MinDaysBetweenContacts)
	}
	if p.PromiseGraceDays < 0 || p.PromiseGraceDays > 365 {
		return perr(0, "promise_grace_days", "promise_grace_days %d: want 0 to 365", p.PromiseGraceDays)
	}
	if len(p.Steps) > MaxSteps {
		return perr(0, "steps", "%d steps: at most %d", len(p.Steps), MaxSteps)
	}
	for i, s := range p.Steps {
		n := i + 1
		switch {
		case !validName(s.Name):
			return perr(n, "name", "name %q: want letters, digits, '-', '_' or '.', starting with a letter or digit", s.Name)
		case s.Phase.Rank() < 0:
			_, err := ParsePhase(string(s.Phase))
			return perr(n, "phase", "%v", err)
		case s.Channel.index() < 0:
			_, err := ParseChannel(string(s.Channel))
			return perr(n, "channel", "%v", err)
		case !validTemplate(s.Template):
			return perr(n, "template", "template %q: want lowercase letters, digits and '-'", s.Template)
		case s.OffsetDays < -365 || s.OffsetDays > 3650:
			return perr(n, "offset_days", "offset_days %d: want -365 to 3650", s.OffsetDays)
		case s.Phase == Preventive && s.OffsetDays > 0:
			return perr(n, "offset_days", "offset_days %d: a preventive step comes before the due date (0 or less)", s.OffsetDays)
		case s.Phase != Preventive && s.OffsetDays < 0:
			return perr(n, "offset_days", "offset_days %d: only a preventive step comes before the due date", s.OffsetDays)
		case s.MinAmount < 0:
			return perr(n, "min_amount", "min_amount %s: want 0 or more", s.MinAmount)
		}
		for j := range i {
			if p.Steps[j].Name == s.Name {
				return perr(n, "name", "name %q already used by step %d", s.Name, j+1)
			}
		}
	}
	// Sort, then check that phases only get firmer: Plan merges at the firmest phase and never
	// goes back, which only makes sense if a later step is never softer.
	order := make([]int, len(p.Steps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return p.Steps[a].OffsetDays - p.Steps[b].OffsetDays })
	sorted := make([]Step, len(p.Steps))
	for i, o := range order {
		sorted[i] = p.Steps[o]
		if i > 0 && sorted[i].Phase.Rank() < sorted[i-1].Phase.Rank() {
			return perr(o+1, "phase", "phase %s at offset %d comes after %s at offset %d: phases must get firmer over time",
				sorted[i].Phase, sorted[i].OffsetDays, sorted[i-1].Phase, sorted[i-1].OffsetDays)
		}
	}
	p.Steps = sorted
	return nil
}

// StepIndex is the position of the named step, or -1.
func (p Policy) StepIndex(name string) int {
	for i := range p.Steps {
		if p.Steps[i].Name == name {
			return i
		}
	}
	return -1
}

func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '-' || r == '_' || r == '.'):
		default:
			return false
		}
	}
	return true
}

func validTemplate(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
