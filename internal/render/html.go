package render

import (
	"html/template"
	"strings"
)

// layout is the HTML part: one column, inline styles only (mail clients drop <style> blocks
// and external sheets), tables with borders a reader can follow on a phone. html/template
// escapes every text, so a customer called "<script>" stays text.
var layout = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body style="margin:0;padding:0;background-color:#ffffff;">
<div style="max-width:640px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222222;">
{{- range .Blocks}}
{{- if .Heading}}
<h3 style="margin:20px 0 8px 0;font-size:15px;color:#222222;">{{.Heading}}</h3>
{{- else if .Items}}
<ul style="margin:0 0 12px 0;padding-left:22px;">
{{- range .Items}}
<li style="margin:0 0 4px 0;">{{if .Box}}{{.Box}} {{end}}{{.Text}}</li>
{{- end}}
</ul>
{{- else if .Table}}
<table style="border-collapse:collapse;margin:4px 0 16px 0;font-size:13px;">
<thead><tr>
{{- range .Table.Head}}
<th style="{{.Style}}border-bottom:1px solid #888888;padding:4px 8px;font-weight:bold;">{{.Text}}</th>
{{- end}}
</tr></thead>
<tbody>
{{- range .Table.Rows}}
<tr>
{{- range .}}
<td style="{{.Style}}border-bottom:1px solid #dddddd;padding:4px 8px;">{{.Text}}</td>
{{- end}}
</tr>
{{- end}}
{{- with .Table.Total}}
<tr>
{{- range .}}
<td style="{{.Style}}border-top:1px solid #888888;padding:4px 8px;font-weight:bold;">{{.Text}}</td>
{{- end}}
</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p style="margin:0 0 12px 0;">{{range $i, $l := .Lines}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{- end}}
{{- end}}
{{- with .Signature}}
<p style="margin:20px 0 0 0;color:#444444;">{{range $i, $l := .}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{- end}}
</div>
</body>
</html>
`))

type htmlDoc struct {
	Lang, Title string
	Blocks      []htmlBlock
	Signature   []string
}

type htmlBlock struct {
	Heading string
	Lines   []string
	Items   []htmlItem
	Table   *htmlTable
}

type htmlItem struct{ Box, Text string }

type htmlTable struct {
	Head  []htmlCell
	Rows  [][]htmlCell
	Total []htmlCell
}

// htmlCell carries its alignment as a constant style, so that no text from the data is
// ever placed in an attribute.
type htmlCell struct {
	Text  string
	Style template.CSS
}

// html writes the blocks as the HTML part of an e-mail.
func html(lang, title string, bs []block, signature []string) (string, error) {
	doc := htmlDoc{Lang: lang, Title: title, Signature: signature}
	for _, b := range bs {
		var hb htmlBlock
		switch b.kind {
		case headingBlock:
			hb.Heading = b.lines[0]
		case listBlock:
			for _, it := range b.lines {
				checked, isBox, txt := checkbox(it)
				box := ""
				if isBox {
					box = "☐"
					if checked {
						box = "☑"
					}
				}
				hb.Items = append(hb.Items, htmlItem{Box: box, Text: txt})
			}
		case tableBlock:
			hb.Table = htmlTableOf(b.table)
		default:
			hb.Lines = b.lines
		}
		doc.Blocks = append(doc.Blocks, hb)
	}
	var sb strings.Builder
	if err := layout.Execute(&sb, doc); err != nil {
		return "", err
	}
	return sb.String(), nil
}

func htmlTableOf(t *table) *htmlTable {
	cells := func(texts []string) []htmlCell {
		if texts == nil {
			return nil
		}
		out := make([]htmlCell, len(texts))
		for i, s := range texts {
			style := template.CSS("text-align:left;")
			if t.cols[i].right {
				style = "text-align:right;white-space:nowrap;"
			}
			out[i] = htmlCell{Text: s, Style: style}
		}
		return out
	}
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	ht := &htmlTable{Head: cells(titles), Total: cells(t.total)}
	for _, r := range t.rows {
		ht.Rows = append(ht.Rows, cells(r))
	}
	return ht
}
