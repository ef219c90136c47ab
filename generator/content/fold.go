package content

import "briefing/generator/textnorm"

// fold appends the normal form of a word for matching entity names,
// exactly as search folds it: no diacritics or tatweel, one form of alef,
// yaa and taa marbuta, lower case.
func (s *Site) fold(dst []byte, w string) []byte { return textnorm.AppendFold(dst, w) }
