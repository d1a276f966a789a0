package render

import (
	"html"
	"strings"
)

// The HTML part is one column with inline styles only (mail clients drop <style> blocks and
// external sheets), and tables with rules a reader can follow on a phone. It is written by
// hand rather than with html/template, which spent most of a render's time escaping through
// reflection; every text from the data goes through html.EscapeString, and styles are
// constants, so a customer called "<script>" stays text.
const (
	htmlHead = `<!DOCTYPE html>
<html lang="%LANG%">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
</head>
<body style="margin:0;padding:0;background-color:#ffffff;">
<div style="max-width:640px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222222;">
`
	htmlFoot       = "</div>\n</body>\n</html>\n"
	styleP         = "margin:0 0 12px 0;"
	styleH         = "margin:20px 0 8px 0;font-size:15px;color:#222222;"
	styleUL        = "margin:0 0 12px 0;padding-left:22px;"
	styleLI        = "margin:0 0 4px 0;"
	styleTable     = "border-collapse:collapse;margin:4px 0 16px 0;font-size:13px;"
	styleLeft      = "text-align:left;"
	styleRight     = "text-align:right;white-space:nowrap;"
	styleTH        = "border-bottom:1px solid #888888;padding:4px 8px;font-weight:bold;"
	styleTD        = "border-bottom:1px solid #dddddd;padding:4px 8px;"
	styleTotal     = "border-top:1px solid #888888;padding:4px 8px;font-weight:bold;"
	styleSignature = "margin:20px 0 0 0;color:#444444;"
)

// writeHTML writes the blocks as the HTML part of an e-mail (and the preview of the other forms).
func writeHTML(lang, title string, bs []block, signature []string) string {
	var b strings.Builder
	b.Grow(4096)
	b.WriteString(strings.NewReplacer("%LANG%", html.EscapeString(lang), "%TITLE%", html.EscapeString(title)).Replace(htmlHead))
	for _, bl := range bs {
		switch bl.kind {
		case headingBlock:
			b.WriteString(`<h3 style="` + styleH + `">` + html.EscapeString(bl.lines[0]) + "</h3>\n")
		case listBlock:
			b.WriteString(`<ul style="` + styleUL + `">` + "\n")
			for _, it := range bl.lines {
				checked, isBox, txt := checkbox(it)
				b.WriteString(`<li style="` + styleLI + `">`)
				switch {
				case isBox && checked:
					b.WriteString("☑ ")
				case isBox:
					b.WriteString("☐ ")
				}
				b.WriteString(html.EscapeString(txt) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case tableBlock:
			htmlTable(&b, bl.table)
		default:
			htmlLines(&b, styleP, bl.lines)
		}
	}
	if len(signature) > 0 {
		htmlLines(&b, styleSignature, signature)
	}
	b.WriteString(htmlFoot)
	return b.String()
}

// htmlLines writes a paragraph whose lines are kept with <br>.
func htmlLines(b *strings.Builder, style string, lines []string) {
	b.WriteString(`<p style="` + style + `">`)
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(html.EscapeString(l))
	}
	b.WriteString("</p>\n")
}

func htmlTable(b *strings.Builder, t *table) {
	row := func(tag, style string, cells []string) {
		b.WriteString("<tr>")
		for i, c := range cells {
			align := styleLeft
			if t.cols[i].right {
				align = styleRight
			}
			b.WriteString("<" + tag + ` style="` + align + style + `">` + html.EscapeString(c) + "</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	b.WriteString(`<table style="` + styleTable + `">` + "\n<thead>")
	row("th", styleTH, titles)
	b.WriteString("</thead>\n<tbody>\n")
	for _, r := range t.rows {
		row("td", styleTD, r)
	}
	if t.total != nil {
		row("td", styleTotal, t.total)
	}
	b.WriteString("</tbody>\n</table>\n")
}
