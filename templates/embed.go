// Package templates holds the default templates, stylesheets, scripts and
// interface strings of a briefing site, embedded in the binary. A user's
// --templates directory overrides any of these files by name.
package templates

import "embed"

// FS holds the default template files.
//
//go:embed *
var FS embed.FS
