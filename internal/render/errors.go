package render

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is a fault in a template a user can fix: which part (subject or body), which line of
// it, and what is wrong. Parse and Render return it for syntax errors, unknown variables and
// functions, and failures while executing.
type Error struct {
	Part string // "subject" or "body"
	Line int    // 1-based line in Part; 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, line %d: %s", e.Part, e.Line, e.Msg)
	}
	return e.Part + ": " + e.Msg
}

// tmplErrRe reads the location text/template puts in its errors: "template: body:3: …" for
// a syntax error, "template: body:3:14: executing "body" at <.X>: …" for an execution error.
var tmplErrRe = regexp.MustCompile(`^template: ([a-z]+):(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns an error of text/template about part into an *Error with its line,
// dropping the noise users do not need ("executing "body" at").
func templateError(part string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	msg := err.Error()
	m := tmplErrRe.FindStringSubmatch(msg)
	if m == nil {
		return &Error{Part: part, Msg: strings.TrimPrefix(msg, "template: ")}
	}
	line, _ := strconv.Atoi(m[2])
	rest := m[3]
	if i := strings.Index(rest, "executing "); i == 0 {
		if j := strings.Index(rest, ">: "); j > 0 {
			at := rest[:j+1]
			if k := strings.Index(at, " at "); k > 0 {
				at = at[k+4:]
			}
			rest = at + ": " + rest[j+3:]
			if strings.Contains(rest, "nil pointer evaluating") {
				rest = emptyPart(strings.Trim(at, "<>"))
			}
		}
	}
	return &Error{Part: m[1], Line: line, Msg: rest}
}

// emptyPart explains a variable read through an optional part of the data (.Penalties,
// .Registered, .Promise, .Plan) that is empty in some messages.
func emptyPart(path string) string {
	parent := path
	if i := strings.LastIndex(path, "."); i > 0 {
		parent = path[:i]
	}
	return fmt.Sprintf("%s: %s is empty in some messages; write it inside {{with %s}}…{{end}}", path, parent, parent)
}
