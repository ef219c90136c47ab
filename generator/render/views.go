package render

import (
	"html/template"
)

// The views below are what templates see. They are prepared in Go:
// templates format them and do not sort, group or look anything up.

// Page is the view of every page; Main holds the view of its kind.
type Page struct {
	Lang, Dir   string
	Root        string // relative path to the site root, ending in "/"
	T           map[string]string
	SiteTitle   string
	Title       string
	Description string
	Path        string // site path of this page
	Home        string // link to the home page in this language
	Nav         []Link
	Alternates  []Alternate
	Canonical   string
	Feed        string     // link to this language's Atom feed; only with a base URL
	OpenGraph   *OpenGraph // only with a base URL
	Generator   string
	Main        any
}

// Link is a link with its label. Lang and Dir are set when the label is in
// another language than the page.
type Link struct {
	Href    string
	Label   string
	Lang    string
	Dir     string
	Current bool
	Kind    string
}

// Alternate is the same page in another language.
type Alternate struct {
	Lang, Dir, Href, Label, Absolute string
	Current                          bool
}

// Localized is a text with the language it is written in, which may differ
// from the page's when a translation is missing.
type Localized struct {
	Text    string
	Lang    string
	Dir     string
	Foreign bool // Lang differs from the page's language
}

// TopicCard presents a topic in lists.
type TopicCard struct {
	Href     string
	Title    Localized
	Summary  Localized
	Updated  string
	Fallback bool
}

// EventItem presents an event.
type EventItem struct {
	ID        string
	Href      string // empty on the chronology, where the event itself is
	Date      string
	DateISO   string
	Precision string
	Title     Localized
	Summary   Localized
	Topics    []Link
	Sources   []Link
}

// SourceItem presents a source article in lists.
type SourceItem struct {
	Href      string
	ID        string
	Title     Localized
	Editorial bool
	Outlet    Localized
	Date      string
	DateISO   string
	Summary   Localized
	Topics    []Link
}

// HomeView is the home page.
type HomeView struct {
	Description Localized
	Topics      []TopicCard
	Events      []EventItem
	Sources     []SourceItem
	Counts      []Link // links to the indexes, labelled with counts
	AllEvents   Link
	AllSources  Link
}

// TopicsView is the topic index.
type TopicsView struct{ Topics []TopicCard }

// TOCItem is an entry of a briefing's table of contents.
type TOCItem struct {
	Href  string
	Text  string
	Level int
}

// SourceRef is an entry of a briefing's list of sources.
type SourceRef struct {
	Number  string
	ID      string // anchor of the entry: "src-<n>"
	Href    string
	Ref     string // "¶4", "¶4–6" or "" for the whole article
	Title   Localized
	Outlet  Localized
	Date    string
	Preview Localized
	Back    string // link back to the first citation
}

// BriefingView is a topic's briefing.
type BriefingView struct {
	Title      Localized
	Summary    Localized
	Updated    string
	UpdatedISO string
	Fallback   bool
	Body       template.HTML
	TOC        []TOCItem
	Sources    []SourceRef
	Events     []EventItem
	Entities   []Link
	Articles   []SourceItem
}

// ParagraphView is one numbered paragraph of a source.
type ParagraphView struct {
	N         string
	ID        string
	Href      string
	Text      template.HTML // escaped text with entity links
	Backlinks []BacklinkGroup
}

// BacklinkGroup holds the backlinks of one kind: briefings, events or
// entities.
type BacklinkGroup struct {
	Kind  string
	Links []Link
}

// SourceView is a source article's page.
type SourceView struct {
	Item        SourceItem
	Original    Localized // the title in the text's own language
	DateNote    string
	Language    string
	URL         string
	TextLang    string
	TextDir     string
	Paragraphs  []ParagraphView
	WholeCiters []BacklinkGroup
}

// YearGroup holds the events of one year.
type YearGroup struct {
	Year   string
	ID     string
	Events []EventItem
}

// ChronologyView is the chronology.
type ChronologyView struct {
	Years        []YearGroup
	Count        string
	Timeline     template.HTML // inline SVG
	Legend       []Legend
	Mentions     []MentionYear // dated mentions that no event covers
	MentionCount string
}

// Legend is a topic's colour on the timeline.
type Legend struct {
	Colour template.CSS
	Link   Link
}

// MentionYear holds the dated mentions of one year.
type MentionYear struct {
	year     int
	Year     string
	Mentions []MentionItem
	More     string // how many more the year has, when it has too many to show
}

// MentionItem is a date found in a source, with its sentence.
type MentionItem struct {
	Year    int
	Date    string
	Href    string
	Source  Localized
	Para    string
	Snippet template.HTML
	Lang    string
	Dir     string
}

// EntityItem presents an entity in lists.
type EntityItem struct {
	Href     string
	Name     Localized
	Other    Localized // the name in the other language
	Mentions string
}

// EntityGroup holds the entities of one kind.
type EntityGroup struct {
	Kind     string
	ID       string
	Entities []EntityItem
}

// EntitiesView is the entity index.
type EntitiesView struct{ Groups []EntityGroup }

// MentionView is one mention of an entity, with its sentence.
type MentionView struct {
	Href    string
	Source  Localized
	Para    string
	Snippet template.HTML
	Lang    string
	Dir     string
}

// CountLink is a link with a count.
type CountLink struct {
	Link
	Count string
}

// EntityView is an entity's page.
type EntityView struct {
	Name         Localized
	Other        Localized
	Kind         string
	Description  Localized
	Aliases      []string
	Mentions     []MentionView
	MoreMentions string // "and N more", when Mentions is cut short
	Articles     []CountLink
	MoreArticles string
	Topics       []Link
	Events       []EventItem
	Related      []CountLink
}

// RedirectView is the site root, which leads to the default language.
type RedirectView struct {
	Target    string
	SiteTitle string
	Languages []Link
}
