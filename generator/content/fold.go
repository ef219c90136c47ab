package content

import "briefing/generator/textnorm"

// fold normalises a word for matching entity names, exactly as search
// does: no diacritics or tatweel, one form of alef, yaa and taa marbuta,
// lower case.
func (s *Site) fold(w string) string { return textnorm.Fold(w) }
