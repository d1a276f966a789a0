package render

import (
	"maps"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/relance-app/relance/internal/money"
)

// checkFields walks a parsed template and resolves every variable it names against the type
// of the data, following {{with}} and {{range}} and declared variables. Executing against a
// sample would miss a misspelt name inside a branch the sample does not take ({{if
// .Consumer}}…); this does not. Where the type cannot be known (the result of a function,
// {{index}}), the check stops and execution decides.
func checkFields(tmpl *template.Template, root reflect.Type) error {
	for _, t := range tmpl.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		dot := root
		if t.Name() != tmpl.Name() {
			dot = nil // a {{define}}d template gets whatever it is called with
		}
		c := &checker{tree: t.Tree, part: tmpl.Name()}
		if err := c.list(t.Tree.Root, dot, scope{"$": dot}); err != nil {
			return err
		}
	}
	return nil
}

// scope maps the variables in force to their types; nil means unknown.
type scope map[string]reflect.Type

type checker struct {
	tree *parse.Tree
	part string
}

func (c *checker) list(l *parse.ListNode, dot reflect.Type, vars scope) error {
	if l == nil {
		return nil
	}
	vars = maps.Clone(vars) // variables live until the end of their control structure
	for _, n := range l.Nodes {
		if err := c.node(n, dot, vars); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) node(n parse.Node, dot reflect.Type, vars scope) error {
	switch n := n.(type) {
	case *parse.ActionNode:
		_, err := c.pipe(n.Pipe, dot, vars)
		return err
	case *parse.IfNode:
		inner := maps.Clone(vars)
		if _, err := c.pipe(n.Pipe, dot, inner); err != nil {
			return err
		}
		return c.branches(n.List, n.ElseList, dot, dot, inner)
	case *parse.WithNode:
		inner := maps.Clone(vars)
		t, err := c.pipe(n.Pipe, dot, inner)
		if err != nil {
			return err
		}
		return c.branches(n.List, n.ElseList, t, dot, inner)
	case *parse.RangeNode:
		t, err := c.cmds(n.Pipe.Cmds, dot, vars)
		if err != nil {
			return err
		}
		key, elem := elements(t)
		inner := maps.Clone(vars)
		switch len(n.Pipe.Decl) {
		case 1:
			inner[n.Pipe.Decl[0].Ident[0]] = elem
		case 2:
			inner[n.Pipe.Decl[0].Ident[0]] = key
			inner[n.Pipe.Decl[1].Ident[0]] = elem
		}
		return c.branches(n.List, n.ElseList, elem, dot, inner)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			_, err := c.pipe(n.Pipe, dot, vars)
			return err
		}
	}
	return nil
}

func (c *checker) branches(then, els *parse.ListNode, thenDot, elseDot reflect.Type, vars scope) error {
	if err := c.list(then, thenDot, vars); err != nil {
		return err
	}
	return c.list(els, elseDot, vars)
}

// pipe checks a pipeline, declares its variables in vars and returns its type.
func (c *checker) pipe(p *parse.PipeNode, dot reflect.Type, vars scope) (reflect.Type, error) {
	if p == nil {
		return nil, nil
	}
	t, err := c.cmds(p.Cmds, dot, vars)
	if err != nil {
		return nil, err
	}
	for _, v := range p.Decl {
		vars[v.Ident[0]] = t
	}
	return t, nil
}

func (c *checker) cmds(cmds []*parse.CommandNode, dot reflect.Type, vars scope) (reflect.Type, error) {
	var t reflect.Type
	for _, cmd := range cmds {
		var err error
		if t, err = c.command(cmd, dot, vars); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// command checks each argument and returns the type of the command's result.
func (c *checker) command(cmd *parse.CommandNode, dot reflect.Type, vars scope) (reflect.Type, error) {
	var first reflect.Type
	for i, a := range cmd.Args {
		t, err := c.arg(a, dot, vars)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = t
		}
	}
	if len(cmd.Args) == 0 {
		return nil, nil
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return funcResult(id.Ident), nil
	}
	return first, nil
}

func (c *checker) arg(n parse.Node, dot reflect.Type, vars scope) (reflect.Type, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.FieldNode:
		return c.resolve(n, dot, "", n.Ident)
	case *parse.VariableNode:
		return c.resolve(n, vars[n.Ident[0]], n.Ident[0], n.Ident[1:])
	case *parse.ChainNode:
		base, err := c.arg(n.Node, dot, vars)
		if err != nil {
			return nil, err
		}
		return c.resolve(n, base, "("+n.Node.String()+")", n.Field)
	case *parse.PipeNode:
		return c.pipe(n, dot, maps.Clone(vars))
	case *parse.IdentifierNode:
		return funcResult(n.Ident), nil
	case *parse.StringNode:
		return reflect.TypeFor[string](), nil
	case *parse.BoolNode:
		return reflect.TypeFor[bool](), nil
	}
	return nil, nil
}

// resolve follows names from t as text/template does: a method of the value or of its
// pointer, else a field of the struct (through pointers), else a map key. An unknown type
// stops the check.
func (c *checker) resolve(n parse.Node, t reflect.Type, base string, names []string) (reflect.Type, error) {
	for i, name := range names {
		if t == nil {
			return nil, nil
		}
		if m, ok := method(t, name); ok {
			if m.Type.NumOut() == 0 {
				return nil, nil
			}
			t = m.Type.Out(0)
			continue
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			if f, ok := t.FieldByName(name); ok && f.IsExported() {
				t = f.Type
				continue
			}
		case reflect.Map:
			t = t.Elem()
			continue
		case reflect.Interface:
			return nil, nil
		}
		path := base + "." + strings.Join(names[:i+1], ".")
		where := base + "." + strings.Join(names[:i], ".")
		msg := "unknown variable " + path + ": " + where + " has no " + name
		switch {
		case where == ".":
			msg = "unknown variable " + path
		case t.Kind() == reflect.Slice:
			msg += ": it is a list, write {{range " + where + "}}{{." + name + "}}{{end}}"
		}
		return nil, &Error{Part: c.part, Line: c.line(n), Msg: msg}
	}
	return t, nil
}

func method(t reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := t.MethodByName(name); ok {
		return m, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return reflect.PointerTo(t).MethodByName(name)
	}
	return reflect.Method{}, false
}

func (c *checker) line(n parse.Node) int {
	loc, _ := c.tree.ErrorContext(n)
	parts := strings.Split(loc, ":")
	if len(parts) >= 2 {
		if l, err := strconv.Atoi(parts[1]); err == nil {
			return l
		}
	}
	return 0
}

// elements is what {{range}} gives over a value of type t: the key and the element.
func elements(t reflect.Type) (key, elem reflect.Type) {
	if t == nil {
		return nil, nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	intType := reflect.TypeFor[int]()
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return intType, t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Int:
		return intType, intType
	}
	return nil, nil
}

// funcResult is the type a helper or builtin returns, when known; the check goes on through
// it ({{with list .InvoiceNumbers}}{{.}}…).
func funcResult(name string) reflect.Type {
	switch name {
	case "len":
		return reflect.TypeFor[int]()
	case "sub":
		return reflect.TypeFor[money.Cents]()
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.TypeFor[bool]()
	case "print", "printf", "println", "html", "js", "urlquery",
		"money", "date", "datelong", "rate", "iban", "plural", "list", "upper", "lower",
		"invoiceTable", "penaltyTable", "planTable", "bankDetails", "enclose":
		return reflect.TypeFor[string]()
	}
	return nil
}
