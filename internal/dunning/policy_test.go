package dunning

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
)

func TestPolicyFileReadsTheIssueFormat(t *testing.T) {
	p := example(t)
	if p.Name != "standard-fr" || p.MinDaysBetweenContacts != 5 || p.PromiseGraceDays != 3 || len(p.Steps) != 6 {
		t.Fatalf("policy = %+v", p)
	}
	want := Step{Name: "relance-2", Phase: Level2, OffsetDays: 21, Channel: Letter, Template: "level2", MinAmount: 5000}
	if p.Steps[3] != want {
		t.Errorf("step 4 = %+v, want %+v", p.Steps[3], want)
	}
	if s := p.Steps[4]; !s.Approval || s.Channel != RegisteredLetter || s.Phase != Level3 {
		t.Errorf("step 5 = %+v", s)
	}
}

func TestPolicyStepsAreSortedByOffset(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"name": "x", "min_days_between_contacts": 0, "promise_grace_days": 0, "steps": [
		{"name": "c", "phase": "level2", "offset_days": 20, "channel": "letter", "template": "level2"},
		{"name": "a", "phase": "preventive", "offset_days": -3, "channel": "email", "template": "preventive"},
		{"name": "b1", "phase": "level1", "offset_days": 5, "channel": "email", "template": "level1"},
		{"name": "b2", "phase": "level1", "offset_days": 5, "channel": "call", "template": "call-level1", "min_amount": 12.5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range p.Steps {
		names = append(names, s.Name)
	}
	if strings.Join(names, " ") != "a b1 b2 c" {
		t.Errorf("order = %v", names)
	}
	if p.Steps[2].MinAmount != 1250 {
		t.Errorf("an unquoted JSON amount was not read exactly: %v", p.Steps[2].MinAmount)
	}
}

func TestPolicyErrorsNameTheStepAndTheField(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown channel", "channel: letter", "channel: fax",
			`policy standard-fr, step 4 (relance-2): unknown channel "fax": want email, letter, registered_letter, call or task (line 8)`},
		{"unknown phase", "phase: level3", "phase: level4",
			`policy standard-fr, step 5 (mise-en-demeure): unknown phase "level4": want preventive, level1, level2, level3 or litigation (line 9)`},
		{"misspelt field", "offset_days: 8", "offset_day: 8",
			`policy standard-fr, step 3 (appel-1): unknown field "offset_day": want name, phase, offset_days, channel, template, min_amount, approval or penalties (line 7)`},
		{"bad amount", `min_amount: "50.00"`, `min_amount: "50,001"`,
			`policy standard-fr, step 4 (relance-2): min_amount: invalid amount: "50,001" has more than two decimals (line 8)`},
		{"offset not a number", "offset_days: 21", "offset_days: three weeks",
			`policy standard-fr, step 4 (relance-2): offset_days: "three weeks": want a whole number of days (line 8)`},
		{"duplicate name", "name: appel-1", "name: relance-1",
			`policy standard-fr, step 3 (relance-1): name "relance-1" already used by step 2 (line 7)`},
		{"missing template", "template: litigation", "template: ''",
			`policy standard-fr, step 6 (contentieux): template "": want lowercase letters, digits and '-' (line 10)`},
		{"preventive after the due date", "offset_days: -5", "offset_days: 2",
			`policy standard-fr, step 1 (rappel-preventif): offset_days 2: a preventive step comes before the due date (0 or less) (line 5)`},
		{"softer phase later", "phase: litigation", "phase: level1",
			`policy standard-fr, step 6 (contentieux): phase level1 at offset 60 comes after level3 at offset 42: phases must get firmer over time (line 10)`},
		{"bad approval", "approval: true", "approval: yes",
			`policy standard-fr, step 5 (mise-en-demeure): approval: "yes": want true or false (line 9)`},
		{"negative minimum days", "min_days_between_contacts: 5", "min_days_between_contacts: -1",
			`policy standard-fr: min_days_between_contacts -1: want 0 to 365 (line 2)`},
		{"unknown policy field", "promise_grace_days: 3", "promise_grace_day: 3",
			`policy standard-fr: unknown field "promise_grace_day": want name, description, min_days_between_contacts, promise_grace_days or steps (line 3)`},
		{"bad policy name", "name: standard-fr", "name: standard fr",
			`policy standard fr: name "standard fr": want letters, digits, '-', '_' or '.', starting with a letter or digit (line 1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(examplePolicy, tt.old, tt.new, 1)
			if src == examplePolicy {
				t.Fatalf("%q not in the example", tt.old)
			}
			_, err := ParsePolicy([]byte(src))
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *PolicyError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("err =\n\t%s\nwant\n\t%s", err, tt.want)
			}
		})
	}
	if _, err := ParsePolicy([]byte("name: [")); err == nil || !strings.Contains(err.Error(), "not a YAML or JSON policy file") {
		t.Errorf("garbage: %v", err)
	}
}

func TestPolicyRoundTripsThroughYAMLAndJSON(t *testing.T) {
	for _, p := range append(Defaults(), example(t)) {
		y, err := EncodeYAML(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePolicy(y)
		if err != nil {
			t.Fatalf("%s: YAML does not read back: %v\n%s", p.Name, err, y)
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s: YAML round trip\n%+v\n%+v", p.Name, back, p)
		}
		j, err := EncodeJSON(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err = ParsePolicy(j)
		if err != nil {
			t.Fatalf("%s: JSON does not read back: %v\n%s", p.Name, err, j)
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s: JSON round trip\n%+v\n%+v", p.Name, back, p)
		}
		var viaStd Policy
		if err := json.Unmarshal(j, &viaStd); err != nil || !reflect.DeepEqual(viaStd, p) {
			t.Errorf("%s: encoding/json does not read the file format back: %v", p.Name, err)
		}
	}
	y, _ := EncodeYAML(example(t))
	for _, line := range []string{
		"name: standard-fr",
		`  - {name: relance-2, phase: level2, offset_days: 21, channel: letter, template: level2, min_amount: "50.00"}`,
		"  - {name: mise-en-demeure, phase: level3, offset_days: 42, channel: registered_letter, template: formal-notice, approval: true}",
	} {
		if !strings.Contains(string(y), line+"\n") {
			t.Errorf("YAML lacks the line %q:\n%s", line, y)
		}
	}
}

func TestDefaultPoliciesFollowTheSeeds(t *testing.T) {
	all := Defaults()
	if len(all) != 8 {
		t.Errorf("%d default policies, want standard-fr and one per profile", len(all))
	}
	for _, profile := range receivable.Profiles {
		if _, ok := DefaultPolicy(ProfilePolicies[profile]); !ok {
			t.Errorf("profile %s has no default policy", profile)
		}
	}
	for _, p := range all {
		if len(p.Description) < 100 {
			t.Errorf("%s: description too short to explain the policy", p.Name)
		}
		for _, s := range p.Steps {
			if !slices.Contains(TemplateKeys, s.Template) {
				t.Errorf("%s, %s: template %q is not a documented key", p.Name, s.Name, s.Template)
			}
			if s.Penalties != (s.Phase.Rank() >= Level2.Rank()) {
				t.Errorf("%s, %s: penalties %v in phase %s; the defaults show them from level2 on", p.Name, s.Name, s.Penalties, s.Phase)
			}
			if s.Phase == Level3 && (s.Channel != RegisteredLetter || !s.Approval) {
				t.Errorf("%s, %s: the formal notice goes by registered letter after approval", p.Name, s.Name)
			}
		}
	}
	has := func(p Policy, f func(Step) bool) bool { return slices.ContainsFunc(p.Steps, f) }
	offset := func(p Policy, ph Phase) int {
		for _, s := range p.Steps {
			if s.Phase == ph {
				return s.OffsetDays
			}
		}
		return -1
	}
	std := shipped(t, "standard-fr")
	var plan []string
	for _, s := range std.Steps {
		plan = append(plan, fmt.Sprintf("%s%+d", s.Channel.short(), s.OffsetDays))
	}
	if got := strings.Join(plan, " "); got != "email-5 email+1 call+8 email+15 lrar+21 call+21 lrar+42 task+60" {
		t.Errorf("standard-fr = %s", got)
	}
	for _, tt := range []struct {
		policy string
		what   string
		ok     func(Policy) bool
	}{
		{"careless-fr", "a preventive reminder", func(p Policy) bool { return has(p, func(s Step) bool { return s.Phase == Preventive }) }},
		{"careless-fr", "a gentle level 1 early", func(p Policy) bool {
			return has(p, func(s Step) bool { return s.Template == TemplateLevel1Gentle && s.OffsetDays <= 1 })
		}},
		{"bad-payer-fr", "the formal notice early", func(p Policy) bool { return offset(p, Level3) <= 21 }},
		{"bad-payer-fr", "no chain of simple letters", func(p Policy) bool { return !has(p, func(s Step) bool { return s.Channel == Letter }) }},
		{"bad-payer-fr", "short intervals", func(p Policy) bool { return p.MinDaysBetweenContacts <= 3 }},
		{"insolvent-fr", "calls proposing a payment plan", func(p Policy) bool {
			return has(p, func(s Step) bool { return s.Channel == Call && s.Template == TemplateCallPaymentPlan })
		}},
		{"administrative-fr", "an early call to find the circuit", func(p Policy) bool {
			s := p.Steps[0]
			return s.Channel == Call && s.Template == TemplateCallCircuit && s.OffsetDays < 0
		}},
		{"administrative-fr", "longer waits", func(p Policy) bool {
			return p.MinDaysBetweenContacts > std.MinDaysBetweenContacts && offset(p, Level3) > offset(std, Level3)
		}},
		{"dispute-prone-fr", "reminders with the proof", func(p Policy) bool {
			return has(p, func(s Step) bool { return strings.HasSuffix(s.Template, "-proof") && s.Phase == Level1 })
		}},
		{"dispute-prone-fr", "a registered letter early", func(p Policy) bool {
			return has(p, func(s Step) bool { return s.Channel == RegisteredLetter && s.OffsetDays <= 14 })
		}},
		{"automatic-fr", "no preventive reminder", func(p Policy) bool { return !has(p, func(s Step) bool { return s.Phase == Preventive }) }},
		{"automatic-fr", "a rejected-debit notice first", func(p Policy) bool { return p.Steps[0].Template == TemplateDebitRejected }},
		{"good-payer-fr", "no preventive reminder, else standard", func(p Policy) bool {
			return !has(p, func(s Step) bool { return s.Phase == Preventive }) && reflect.DeepEqual(p.Steps, std.Steps[1:])
		}},
	} {
		if !tt.ok(shipped(t, tt.policy)) {
			t.Errorf("%s lacks %s", tt.policy, tt.what)
		}
	}
}

func (c Channel) short() string {
	if c == RegisteredLetter {
		return "lrar"
	}
	return string(c)
}

func TestResolvePicksTheCustomerPolicyThenTheProfileThenTheCompanyDefault(t *testing.T) {
	mine := Policy{Name: "maison", Steps: []Step{{Name: "x", Phase: Level1, OffsetDays: 3, Channel: Email, Template: "level1"}}}
	policies := map[string]Policy{"maison": mine}
	tests := []struct {
		name     string
		customer receivable.Customer
		profiles map[receivable.Profile]string
		company  string
		want     string
	}{
		{"own policy", receivable.Customer{Policy: "maison", Profile: receivable.BadPayer}, nil, "", "maison"},
		{"profile's shipped default", receivable.Customer{Profile: receivable.BadPayer}, nil, "maison", "bad-payer-fr"},
		{"profile's company choice", receivable.Customer{Profile: receivable.BadPayer}, map[receivable.Profile]string{receivable.BadPayer: "maison"}, "", "maison"},
		{"company default", receivable.Customer{}, nil, "maison", "maison"},
		{"nothing set", receivable.Customer{}, nil, "", "standard-fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Resolve(tt.customer, policies, tt.profiles, tt.company)
			if err != nil || p.Name != tt.want {
				t.Errorf("Resolve = %s, %v; want %s", p.Name, err, tt.want)
			}
		})
	}
	if _, err := Resolve(receivable.Customer{Ref: "C9", Policy: "gone"}, policies, nil, ""); err == nil || !strings.Contains(err.Error(), `customer C9: its policy "gone" does not exist`) {
		t.Errorf("missing policy: %v", err)
	}
}
