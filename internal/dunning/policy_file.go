package dunning

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/relance-app/relance/internal/money"
)

// The policy file is how users share policies: YAML or JSON, field names fixed (more may be
// added), amounts as strings ("50.00") so that no tool turns them into floats:
//
//	name: standard-fr
//	min_days_between_contacts: 5
//	promise_grace_days: 3
//	steps:
//	  - {name: relance-1, phase: level1, offset_days: 1, channel: email, template: level1}
//	  - {name: relance-2, phase: level2, offset_days: 21, channel: letter, template: level2, min_amount: "50.00"}

// stepFile is a step as the file writes it.
type stepFile struct {
	Name       string `yaml:"name" json:"name"`
	Phase      string `yaml:"phase" json:"phase"`
	OffsetDays int    `yaml:"offset_days" json:"offset_days"`
	Channel    string `yaml:"channel" json:"channel"`
	Template   string `yaml:"template" json:"template"`
	MinAmount  string `yaml:"min_amount,omitempty" json:"min_amount,omitempty"`
	Approval   bool   `yaml:"approval,omitempty" json:"approval,omitempty"`
	Penalties  bool   `yaml:"penalties,omitempty" json:"penalties,omitempty"`
}

func (s Step) file() stepFile {
	f := stepFile{Name: s.Name, Phase: string(s.Phase), OffsetDays: s.OffsetDays, Channel: string(s.Channel),
		Template: s.Template, Approval: s.Approval, Penalties: s.Penalties}
	if s.MinAmount != 0 {
		f.MinAmount = s.MinAmount.String()
	}
	return f
}

// MarshalJSON writes the step as the policy file does, min_amount as a string, so that a
// policy's JSON (API, export) is the file format.
func (s Step) MarshalJSON() ([]byte, error) { return json.Marshal(s.file()) }

// UnmarshalJSON reads a step of the policy file; ParsePolicy gives better errors.
func (s *Step) UnmarshalJSON(b []byte) error {
	var f stepFile
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	var amount money.Cents
	if f.MinAmount != "" {
		a, err := money.Parse(f.MinAmount)
		if err != nil {
			return fmt.Errorf("step %s: min_amount: %w", f.Name, err)
		}
		amount = a
	}
	*s = Step{Name: f.Name, Phase: Phase(f.Phase), OffsetDays: f.OffsetDays, Channel: Channel(f.Channel),
		Template: f.Template, MinAmount: amount, Approval: f.Approval, Penalties: f.Penalties}
	return nil
}

// EncodeJSON writes the policy file in JSON, indented.
func EncodeJSON(p Policy) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// EncodeYAML writes the policy file in YAML, one step per line as users write them.
func EncodeYAML(p Policy) ([]byte, error) {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	num := func(n int) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)} }
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	add(root, "name", str(p.Name))
	if p.Description != "" {
		add(root, "description", str(p.Description))
	}
	add(root, "min_days_between_contacts", num(p.MinDaysBetweenContacts))
	add(root, "promise_grace_days", num(p.PromiseGraceDays))
	steps := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range p.Steps {
		var n yaml.Node
		if err := n.Encode(s.file()); err != nil {
			return nil, err
		}
		n.Style = yaml.FlowStyle
		steps.Content = append(steps.Content, &n)
	}
	add(root, "steps", steps)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ParsePolicy reads a policy file, YAML or JSON (JSON is read as YAML, of which it is a
// subset, so both give the same errors), then validates it and sorts its steps by offset.
// Errors are *PolicyError naming the step, the field and the line; unknown fields are refused,
// since a misspelt "offset_day" silently ignored would send letters on the wrong day.
func ParsePolicy(data []byte) (Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Policy{}, &PolicyError{Msg: fmt.Sprintf("not a YAML or JSON policy file: %v", err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return Policy{}, &PolicyError{Msg: "empty policy file"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Policy{}, &PolicyError{Line: root.Line, Msg: "want a mapping with name, min_days_between_contacts, promise_grace_days and steps"}
	}
	var p Policy
	// The name first, so that every later error can say which policy it is about.
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "name" && root.Content[i+1].Kind == yaml.ScalarNode {
			p.Name = root.Content[i+1].Value
		}
	}
	lines := map[fieldAt]int{}
	perr := func(step int, stepName, field string, line int, format string, args ...any) error {
		return &PolicyError{Policy: p.Name, Step: step, StepName: stepName, Field: field, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return Policy{}, perr(0, "", k.Value, k.Line, "field %q given twice", k.Value)
		}
		seen[k.Value] = true
		lines[fieldAt{0, k.Value}] = k.Line
		var err error
		switch k.Value {
		case "name":
			p.Name, err = scalarString(v)
		case "description":
			p.Description, err = scalarString(v)
		case "min_days_between_contacts":
			p.MinDaysBetweenContacts, err = scalarInt(v)
		case "promise_grace_days":
			p.PromiseGraceDays, err = scalarInt(v)
		case "steps":
			if v.Kind != yaml.SequenceNode {
				if v.Tag == "!!null" {
					continue
				}
				return Policy{}, perr(0, "", "steps", v.Line, "steps: want a list")
			}
			for j, sn := range v.Content {
				s, err := parseStep(sn, j+1, lines)
				if err != nil {
					var pe *PolicyError
					if errors.As(err, &pe) {
						pe.Policy = p.Name
					}
					return Policy{}, err
				}
				p.Steps = append(p.Steps, s)
			}
		default:
			return Policy{}, perr(0, "", k.Value, k.Line, "unknown field %q: want name, description, min_days_between_contacts, promise_grace_days or steps", k.Value)
		}
		if err != nil {
			return Policy{}, perr(0, "", k.Value, v.Line, "%s: %v", k.Value, err)
		}
	}
	if err := p.Validate(); err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) && pe.Line == 0 {
			pe.Line = lines[fieldAt{pe.Step, pe.Field}]
			if pe.Line == 0 {
				pe.Line = lines[fieldAt{pe.Step, ""}]
			}
		}
		return Policy{}, err
	}
	return p, nil
}

// fieldAt locates a field in the file: step 0 is the policy itself, field "" the step's start.
type fieldAt struct {
	step  int
	field string
}

func parseStep(n *yaml.Node, num int, lines map[fieldAt]int) (Step, error) {
	var s Step
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			s.Name = n.Content[i+1].Value
		}
	}
	perr := func(field string, line int, format string, args ...any) error {
		return &PolicyError{Step: num, StepName: s.Name, Field: field, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if n.Kind != yaml.MappingNode {
		return s, perr("", n.Line, "want a mapping with name, phase, offset_days, channel and template")
	}
	lines[fieldAt{num, ""}] = n.Line
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			return s, perr(k.Value, k.Line, "field %q given twice", k.Value)
		}
		seen[k.Value] = true
		lines[fieldAt{num, k.Value}] = k.Line
		var err error
		var text string
		switch k.Value {
		case "name":
			s.Name, err = scalarString(v)
		case "phase":
			text, err = scalarString(v)
			s.Phase = Phase(text)
		case "offset_days":
			s.OffsetDays, err = scalarInt(v)
		case "channel":
			text, err = scalarString(v)
			s.Channel = Channel(text)
		case "template":
			s.Template, err = scalarString(v)
		case "min_amount":
			// Read the literal text, quoted or not: 50.00 unquoted would be a float to a YAML
			// library, but the digits are all there and money.Parse keeps them exact.
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				err = fmt.Errorf("want an amount such as \"50.00\"")
				break
			}
			s.MinAmount, err = money.Parse(v.Value)
		case "approval":
			s.Approval, err = scalarBool(v)
		case "penalties":
			s.Penalties, err = scalarBool(v)
		default:
			return s, perr(k.Value, k.Line, "unknown field %q: want name, phase, offset_days, channel, template, min_amount, approval or penalties", k.Value)
		}
		if err != nil {
			return s, perr(k.Value, v.Line, "%s: %v", k.Value, err)
		}
	}
	return s, nil
}

func scalarString(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("want text")
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

func scalarInt(n *yaml.Node) (int, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, fmt.Errorf("%q: want a whole number of days", n.Value)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		return 0, fmt.Errorf("%q: want a whole number of days", n.Value)
	}
	return v, nil
}

func scalarBool(n *yaml.Node) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, fmt.Errorf("%q: want true or false", n.Value)
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", nil
}
