package build

import (
	"briefing/generator/content"
	"briefing/generator/publish"
	"briefing/generator/render"
)

// forOutput returns site as the Builder's options have it written: for an
// offline build, without its base URL, so that no page carries an absolute
// URL and nothing for publishing is written. site itself is not changed.
func (b *Builder) forOutput(site *content.Site) *content.Site {
	if !b.opts.Offline || site.Config.BaseURL == "" {
		return site
	}
	cfg := *site.Config
	cfg.BaseURL = ""
	offline := *site
	offline.Config = &cfg
	return &offline
}

// addPublished adds to files the sitemap, feeds and robots.txt of a site
// published at its base URL; a site without one gets none.
func addPublished(site *content.Site, specs []render.Spec, files map[string][]byte) error {
	if site.Config.BaseURL == "" {
		return nil
	}
	pub, err := publish.Files(site, specs)
	if err != nil {
		return err
	}
	for name, data := range pub {
		files[name] = data
	}
	return nil
}
