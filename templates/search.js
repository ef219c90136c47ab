/* search.js: the offline search of a briefing site. Plain ES2017, no
   dependencies, no network: the index comes in by <script src> (see the
   protocol in generator/search/doc.go), so search works over file:// too.

   Three parts: (1) the normaliser, a copy of generator/textnorm that must
   fold and stem exactly as the Go code does (the shared test vectors and
   TestJSTablesMatch keep them equal); (2) the engine over the index;
   (3) the dialog, opened by the search button, "/" or Ctrl-K. */
(function () {
  'use strict';

  // ---------------------------------------------------------------------
  // (1) Normaliser: mirror of generator/textnorm. Tables are [lo, hi, ...].

  // BEGIN TABLES (copied from generator/textnorm; checked by TestJSTablesMatch)
  var DELETE_RANGES = [
    0x00AD, 0x00AD, 0x061C, 0x061C, 0x0640, 0x0640, 0x180E, 0x180E,
    0x200B, 0x200F, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066, 0x2069,
    0xFEFF, 0xFEFF
  ];
  var MARK_RANGES = [
    0x0300, 0x036F, 0x0483, 0x0489, 0x0591, 0x05BD, 0x05BF, 0x05BF,
    0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7, 0x05C7, 0x0610, 0x061A,
    0x064B, 0x065F, 0x0670, 0x0670, 0x06D6, 0x06DC, 0x06DF, 0x06E4,
    0x06E7, 0x06E8, 0x06EA, 0x06ED, 0x08D3, 0x08E1, 0x08E3, 0x08FF,
    0x1AB0, 0x1AFF, 0x1DC0, 0x1DFF, 0x20D0, 0x20FF, 0xFE20, 0xFE2F
  ];
  var SEP_RANGES = [
    0x0080, 0x00BF, 0x00D7, 0x00D7, 0x00F7, 0x00F7, 0x037E, 0x037E,
    0x0387, 0x0387, 0x055A, 0x055F, 0x0589, 0x058A, 0x05BE, 0x05BE,
    0x05C0, 0x05C0, 0x05C3, 0x05C3, 0x05C6, 0x05C6, 0x05F3, 0x05F4,
    0x0600, 0x060F, 0x061B, 0x061B, 0x061D, 0x061F, 0x066A, 0x066D,
    0x06D4, 0x06D4, 0x06DD, 0x06DE, 0x06E9, 0x06E9, 0x0964, 0x0965,
    0x1680, 0x1680, 0x2000, 0x2BFF, 0x2E00, 0x2E7F, 0x3000, 0x3004,
    0x3008, 0x3020, 0x3030, 0x3030, 0xD800, 0xDFFF, 0xFD3E, 0xFD3F,
    0xFE10, 0xFE19, 0xFE30, 0xFE6F, 0xFF00, 0xFF0F, 0xFF1A, 0xFF20,
    0xFF3B, 0xFF40, 0xFF5B, 0xFF65, 0xFFF0, 0xFFFF, 0x1F000, 0x1FAFF,
    0xE0000, 0xE007F
  ];
  var LETTER_MAP = {
    0x0622: '\u0627', 0x0623: '\u0627', 0x0625: '\u0627', 0x0671: '\u0627',
    0x0672: '\u0627', 0x0673: '\u0627', 0x0675: '\u0627',
    0x0649: '\u064A', 0x06CC: '\u064A', 0x06D2: '\u064A', 0x0626: '\u064A',
    0x0624: '\u0648',
    0x0629: '\u0647', 0x06C0: '\u0647', 0x06C1: '\u0647', 0x06C2: '\u0647',
    0x06C3: '\u0647', 0x06D5: '\u0647', 0x06BE: '\u0647',
    0x06A9: '\u0643', 0x06AA: '\u0643',
    0x2018: "'", 0x2019: "'", 0x02BC: "'", 0x2032: "'", 0x0060: "'",
    0x00DF: 'ss', 0x00E6: 'ae', 0x0153: 'oe', 0x00F8: 'o', 0x0111: 'd',
    0x0142: 'l', 0x0131: 'i', 0x00FE: 'th', 0x00F0: 'd'
  };
  var STRONG_PREFIXES = ['وبال', 'وكال', 'فبال', 'فكال', 'ولل', 'فلل', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال'];
  var WEAK_PREFIXES = ['و', 'ف', 'ب', 'ك', 'ل', 'وب', 'وك', 'ول', 'فب', 'فك', 'فل'];
  var PRONOUN_SUFFIXES = [['هما', 3], ['هم', 3], ['هن', 3], ['ها', 3], ['ه', 3]];
  var INFLECTION_SUFFIXES = [
    ['يين', 4], ['يون', 4], ['يات', 4], ['ات', 3], ['ون', 3], ['ين', 3],
    ['ان', 5], ['يا', 4], ['ي', 4], ['ا', 4]
  ];
  // END TABLES

  function inSpans(cp, spans) {
    for (var i = 0; i < spans.length; i += 2) {
      if (cp < spans[i]) return false;
      if (cp <= spans[i + 1]) return true;
    }
    return false;
  }

  function isWordCode(cp) {
    if (cp < 0x80) {
      return (cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
    }
    return !inSpans(cp, SEP_RANGES);
  }

  var bmpCache = new Array(0x10000);

  // foldCode returns the folded spelling of one code point.
  function foldCode(cp) {
    if (cp < 0x80) {
      if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
      if (cp === 0x60) return "'";
      return String.fromCharCode(cp);
    }
    if (cp < 0x10000) {
      var hit = bmpCache[cp];
      if (hit !== undefined) return hit;
      return (bmpCache[cp] = foldSlow(cp));
    }
    return foldSlow(cp);
  }

  function foldSlow(cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) return '\uFFFD';
    if (inSpans(cp, DELETE_RANGES)) return '';
    if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(48 + cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return String.fromCharCode(48 + cp - 0x06F0);
    var out = '';
    var dec = String.fromCodePoint(cp).normalize('NFKD');
    for (var i = 0; i < dec.length;) {
      var c = dec.codePointAt(i);
      i += c > 0xFFFF ? 2 : 1;
      if (inSpans(c, MARK_RANGES) || inSpans(c, DELETE_RANGES)) continue;
      if (c >= 0x0660 && c <= 0x0669) { out += String.fromCharCode(48 + c - 0x0660); continue; }
      if (c >= 0x06F0 && c <= 0x06F9) { out += String.fromCharCode(48 + c - 0x06F0); continue; }
      var lower = String.fromCodePoint(c).toLowerCase();
      var lc = lower.codePointAt(0);
      if (lower.length === (lc > 0xFFFF ? 2 : 1)) {
        var m = LETTER_MAP[lc];
        out += m !== undefined ? m : lower;
      } else {
        out += lower;
      }
    }
    return out;
  }

  // fold returns the normal form of s (textnorm.Fold).
  function fold(s) {
    var out = '';
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i);
      i += cp > 0xFFFF ? 2 : 1;
      out += foldCode(cp);
    }
    return out;
  }

  // terms splits s into words (textnorm.Terms): {t: folded, s: stem,
  // start, end} with offsets in UTF-16 code units of s.
  function terms(s, noStem) {
    var out = [];
    var word = '', start = -1, end = 0, apos = false;
    function flush() {
      if (start >= 0 && word !== '') {
        out.push({ t: word, s: noStem ? '' : stem(word), start: start, end: end });
      }
      word = ''; start = -1;
    }
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i);
      var n = cp > 0xFFFF ? 2 : 1;
      var f = foldCode(cp);
      for (var j = 0; j < f.length;) {
        var c = f.codePointAt(j);
        j += c > 0xFFFF ? 2 : 1;
        if (c === 39) {
          if (start >= 0 && !apos) { apos = true; continue; }
          apos = false;
          flush();
        } else if (isWordCode(c)) {
          if (apos) { word += "'"; apos = false; }
          if (start < 0) start = i;
          word += String.fromCodePoint(c);
          end = i + n;
        } else {
          apos = false;
          flush();
        }
      }
      i += n;
    }
    flush();
    return out;
  }

  function isArabic(w) {
    if (w === '') return false;
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      if (!((c >= 0x0620 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF))) return false;
    }
    return true;
  }

  function isLatinWord(w) {
    if (w === '') return false;
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || c === 39)) return false;
    }
    return true;
  }

  function startsWith(w, p) { return w.length >= p.length && w.lastIndexOf(p, 0) === 0; }
  function endsWith(w, s) { return w.length >= s.length && w.indexOf(s, w.length - s.length) !== -1; }

  // stripStrong returns [word without an article-bearing prefix, stripped?].
  function stripStrong(w) {
    for (var i = 0; i < STRONG_PREFIXES.length; i++) {
      var p = STRONG_PREFIXES[i];
      if (startsWith(w, p) && w.length - p.length >= 3) return [w.slice(p.length), true];
    }
    return [w, false];
  }

  function stripOne(w, rules) {
    for (var i = 0; i < rules.length; i++) {
      var s = rules[i][0];
      if (endsWith(w, s) && w.length - s.length >= rules[i][1]) return w.slice(0, w.length - s.length);
    }
    return w;
  }

  function stripSuffixes(w) { return stripOne(stripOne(w, PRONOUN_SUFFIXES), INFLECTION_SUFFIXES); }

  function hasVowel(w) { return /[aeiouy]/.test(w); }

  function undouble(w) {
    var n = w.length;
    if (n >= 2 && w[n - 1] === w[n - 2] && "aeioulsz'".indexOf(w[n - 1]) < 0) return w.slice(0, n - 1);
    return w;
  }

  function dropE(w) {
    if (w.length >= 4 && endsWith(w, 'e') && !endsWith(w, 'ee')) return w.slice(0, -1);
    return w;
  }

  function stemEnglish(w) {
    if (endsWith(w, "'s")) w = w.slice(0, -2);
    if (endsWith(w, "'")) w = w.slice(0, -1);
    if (w.length <= 3) return w;
    var r;
    if (endsWith(w, 'ies') && w.length > 4) return w.slice(0, -3) + 'y';
    if (endsWith(w, 'sses')) return w.slice(0, -2);
    if (endsWith(w, 'ss') || endsWith(w, 'us') || endsWith(w, 'is')) return w;
    if (endsWith(w, 'ches') || endsWith(w, 'shes') || endsWith(w, 'xes') || endsWith(w, 'zes')) return w.slice(0, -2);
    if (endsWith(w, 's')) return dropE(w.slice(0, -1));
    if (endsWith(w, 'eed') && w.length > 4) return w.slice(0, -1);
    if (endsWith(w, 'ied') && w.length > 4) return w.slice(0, -3) + 'y';
    if (endsWith(w, 'ing')) {
      r = w.slice(0, -3);
      if (r.length >= 3 && hasVowel(r)) return dropE(undouble(r));
    } else if (endsWith(w, 'ed')) {
      r = w.slice(0, -2);
      if (r.length >= 3 && hasVowel(r)) return dropE(undouble(r));
    }
    return dropE(w);
  }

  // stem returns the stem of a folded word (textnorm.Stem).
  function stem(w) {
    if (isArabic(w)) return stripSuffixes(stripStrong(w)[0]);
    if (isLatinWord(w)) return stemEnglish(w);
    return w;
  }

  // keys returns the stem keys a folded query word may be indexed under
  // (textnorm.Keys).
  function keys(w) {
    var ks = [stem(w)];
    if (!isArabic(w)) return ks;
    function add(k) { if (ks.indexOf(k) < 0) ks.push(k); }
    var st = stripStrong(w);
    add(st[0]);
    if (!st[1]) {
      for (var i = 0; i < WEAK_PREFIXES.length; i++) {
        var p = WEAK_PREFIXES[i];
        if (startsWith(w, p) && w.length - p.length >= 3) add(stripSuffixes(w.slice(p.length)));
      }
    }
    return ks;
  }

  // loose returns the coarse key of an Arabic stem, or '' (textnorm.Loose).
  function loose(s) {
    if (!isArabic(s) || s.length < 4) return '';
    var out = s[0], removed = false;
    for (var i = 1; i < s.length; i++) {
      if (s[i] === 'ي' || s[i] === 'و') { removed = true; continue; }
      out += s[i];
    }
    return removed && out.length >= 3 ? out : '';
  }

  // ---------------------------------------------------------------------
  // (2) Engine. See generator/search/doc.go for the index format.

  // Numbers are written in a mixed-radix code over 92 printable ASCII
  // characters: the last digit of a number is one of the first 64
  // ("terminal"), the digits before it one of the other 28.
  var ALPHABET = ' !#$%&()*+,-."0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~';
  var TERMINAL = 64, CONT = 28;
  var DIGIT = new Int16Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

  // decodeNums decodes the numbers of s[from:to] into a new Int32Array
  // (of count numbers, when the caller knows how many).
  function decodeNums(s, from, to, count) {
    var out = new Int32Array(count === undefined ? countNums(s, from, to) : count);
    var v = 0, k = 0;
    for (var i = from; i < to; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d >= TERMINAL) { v = v * CONT + (d - TERMINAL); } else { out[k++] = v * TERMINAL + d; v = 0; }
    }
    return out;
  }

  function countNums(s, from, to) {
    var n = 0;
    for (var i = from; i < to; i++) if (DIGIT[s.charCodeAt(i)] < TERMINAL) n++;
    return n;
  }

  // ungap turns a first id and gaps-minus-one into ascending ids, in place.
  function ungap(a) {
    for (var i = 1; i < a.length; i++) a[i] += a[i - 1] + 1;
    return a;
  }

  // The word lists of the index are packed: each Arabic letter is one
  // ASCII character that folded words never contain (generator/search,
  // packFrom and packTo). pack turns a word into that form.
  var PACK_FROM = 'ءابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  var PACK_TO = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ()*';
  var PACK = [];
  for (var pk = 0; pk < PACK_FROM.length; pk++) PACK[PACK_FROM.charCodeAt(pk) - 0x0621] = PACK_TO[pk];

  function pack(w) {
    var out = '';
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      var m = c >= 0x0621 && c <= 0x064A ? PACK[c - 0x0621] : undefined;
      out += m !== undefined ? m : w[i];
    }
    return out;
  }

  // readNum reads the number that starts at s[i]; after it, `after` is
  // where the next one starts.
  var after = 0;
  function readNum(s, i) {
    var v = 0, d;
    while ((d = DIGIT[s.charCodeAt(i++)]) >= TERMINAL) v = v * CONT + (d - TERMINAL);
    after = i;
    return v * TERMINAL + d;
  }

  // Skip is a skip table: fixed-width numbers in base 92, most significant
  // digit first, n of them in the string h.
  function Skip(h, n) {
    this.h = h;
    this.width = n > 0 ? h.length / n : 0;
  }

  Skip.prototype.at = function (i) {
    var v = 0, h = this.h;
    for (var k = i * this.width, end = k + this.width; k < end; k++) v = v * 92 + DIGIT[h.charCodeAt(k)];
    return v;
  };

  // Words is a sorted word list as the index gives it: {n, w, h}, the n
  // words joined by "\n" and front-coded in blocks of 16 in w, and where
  // each block starts in the skip table h (see generator/search/doc.go). A
  // word is decoded when it is looked at; nothing is done at load.
  function Words(l, blob) {
    this.s = text(l.w, blob);
    this.length = l.n;
    this.blocks = (l.n + 15) >> 4;
    this.skip = new Skip(text(l.h, blob), this.blocks);
  }

  // text returns a string of the index: a string, or [from, to] in the
  // blob (see generator/search/doc.go). A slice of a long string is a view
  // of it in JavaScript engines: nothing is copied.
  function text(v, blob) {
    return typeof v === 'string' ? v : blob.slice(v[0], v[1]);
  }

  // block calls fn(word, index) for the words of block b in order, until
  // fn returns true.
  Words.prototype.block = function (b, fn) {
    var s = this.s, pos = this.skip.at(b), w = '';
    for (var i = b * 16; i < this.length && i < b * 16 + 16; i++) {
      var end = s.indexOf('\n', pos);
      if (end < 0) end = s.length;
      w = i === b * 16 ? s.slice(pos, end) : w.slice(0, DIGIT[s.charCodeAt(pos)]) + s.slice(pos + 1, end);
      if (fn(w, i)) return;
      pos = end + 1;
    }
  };

  Words.prototype.head = function (b) {
    var from = this.skip.at(b), to = this.s.indexOf('\n', from);
    return this.s.slice(from, to < 0 ? this.s.length : to);
  };

  // at returns word i, packed.
  Words.prototype.at = function (i) {
    var out = '';
    this.block(i >> 4, function (w, k) { out = w; return k === i; });
    return out;
  };

  // lowerBound returns the first index i of the sorted word list with
  // words.at(i) >= pack(key) (UTF-16 order, as JavaScript compares strings).
  function lowerBound(words, key) {
    return lowerBoundPacked(words, pack(key));
  }

  function lowerBoundPacked(words, key) {
    var lo = 0, hi = words.blocks;
    while (lo < hi) { // the first block whose first word is > key
      var mid = (lo + hi) >>> 1;
      if (words.head(mid) <= key) lo = mid + 1; else hi = mid;
    }
    if (lo === 0) return 0;
    var found = Math.min(lo * 16, words.length);
    words.block(lo - 1, function (w, i) {
      if (w >= key) { found = i; return true; }
      return false;
    });
    return found;
  }

  function find(words, key) {
    return findPacked(words, pack(key));
  }

  function findPacked(words, key) {
    var i = lowerBoundPacked(words, key);
    return i < words.length && words.at(i) === key ? i : -1;
  }

  // Records is a list of n variable-length records {r, h}: the records one
  // after the other in r, and where every 16th starts in the skip table h.
  // skip(r, pos) returns where the record at pos ends.
  function Records(l, n, skip, blob) {
    this.r = text(l.r, blob);
    this.skip = new Skip(text(l.h, blob), (n + 15) >> 4);
    this.next = skip;
  }

  // find returns where record k starts.
  Records.prototype.find = function (k) {
    var pos = this.skip.at(k >> 4);
    for (var j = k & ~15; j < k; j++) pos = this.next(this.r, pos);
    return pos;
  };

  // A posting record: (characters of the postings) * 4 + 2 if there are
  // titles + 1 if there are headings; the postings; then, for each of
  // the two lists there is, its length in characters and its ids.
  function skipPosting(r, pos) {
    var head = readNum(r, pos);
    pos = after + (head >> 2);
    if (head & 2) pos = readNum(r, pos) + after;
    if (head & 1) pos = readNum(r, pos) + after;
    return pos;
  }

  // A counted record: a count, then that many numbers.
  function skipCounted(r, pos) {
    var c = readNum(r, pos);
    pos = after;
    for (var i = 0; i < c; i++) readNum(r, after);
    return after;
  }

  // csr groups ids 0..n-1 by owner[id] into lists: start[o]..start[o+1].
  function csr(owner, groups) {
    var start = new Int32Array(groups + 1);
    for (var i = 0; i < owner.length; i++) if (owner[i] >= 0) start[owner[i] + 1]++;
    for (var g = 0; g < groups; g++) start[g + 1] += start[g];
    var fill = start.slice(0, groups);
    var list = new Int32Array(start[groups]);
    for (var j = 0; j < owner.length; j++) if (owner[j] >= 0) list[fill[owner[j]]++] = j;
    return { start: start, list: list };
  }

  // Weights of a match of a query word: the exact folded word, a prefix
  // of it, its stem, its other readings, a prefix of its stem, its loose
  // key. A title or heading that matches too adds HEAD_BOOST of the weight
  // (small enough that a stem match with a title match stays below an
  // exact match); a match in the heading only counts HEAD_ONLY of it.
  var W_EXACT = 1, W_PREFIX = 0.8, W_STEM = 0.7, W_KEY = 0.6, W_BARE_PREFIX = 0.5, W_LOOSE = 0.4;
  var HEAD_BOOST = 0.35, HEAD_ONLY = 0.5;
  // A word still being typed is matched as a prefix from MIN_PREFIX
  // characters on, by at most MAX_EXPAND words (the most frequent).
  var MIN_PREFIX = 3, MAX_EXPAND = 32, MAX_TERMS = 10;

  function Index(data, blob) {
    var t0 = Date.now();
    var n = data.docs;
    this.n = n;
    this.kinds = data.kinds;
    this.titles = data.titles;
    this.sections = data.sections;
    this.paths = data.paths;
    this.frags = data.frags;
    this.df = text(data.df, blob);
    // The runs of documents: six numbers each (see doc.go), a few
    // thousand runs for a hundred thousand documents.
    var runs = text(data.runs, blob);
    var rn = decodeNums(runs, 0, runs.length);
    var nr = rn.length / 6;
    this.runStart = new Int32Array(nr + 1);
    this.runFrag = new Int32Array(nr + 1);
    var cols = [new Int32Array(nr), new Int32Array(nr), new Int32Array(nr), new Int32Array(nr)];
    var prev = [0, 0, 0, 0], top = [-1, -1, -1, -1];
    for (var r = 0; r < nr; r++) {
      this.runStart[r + 1] = this.runStart[r] + rn[6 * r] + 1;
      this.runFrag[r + 1] = this.runFrag[r] + rn[6 * r + 5];
      for (var c = 0; c < 4; c++) { // column codes: 0 the previous, 1 a new one, v + 2
        var v = rn[6 * r + 1 + c];
        prev[c] = v === 0 ? prev[c] : v === 1 ? top[c] + 1 : v - 2;
        if (prev[c] > top[c]) top[c] = prev[c];
        cols[c][r] = prev[c];
      }
    }
    this.runKind = cols[0];
    this.runTitle = cols[1];
    this.runSection = cols[2];
    this.runPath = cols[3];
    this.titleRuns = csr(this.runTitle, this.titles.length);
    this.sectionRuns = csr(this.runSection, this.sections.length);
    this.terms = new Words(data.terms, blob);
    this.post = new Records(data.post, this.terms.length, skipPosting, blob);
    this.post.max = new Skip(text(data.post.m, blob), (this.terms.length + 15) >> 4);
    this.stems = new Words(data.stems, blob);
    this.forms = data.forms;
    this.stemForms = new Records(data.st, this.stems.length, skipCounted, blob);
    this.loose = new Words(data.loose, blob);
    this.looseStems = new Records(data.ls, this.loose.length, skipCounted, blob);
    this.shardFirst = data.shards.map(function (x) { return x[1]; });
    this.shardFiles = data.shards.map(function (x) { return x[0]; });
    this.mask = new Uint32Array(n);
    this.score = new Float32Array(n);
    this.termW = new Float32Array(n);
    this.touchedBuf = new Int32Array(n);
    this.foundBuf = new Int32Array(n);
    this.cache = new Map();
    this.buildMs = Date.now() - t0;
  }

  // postings returns the documents of term t.
  Index.prototype.postings = function (t) {
    var hit = this.cache.get(t);
    if (hit) return hit;
    var r = this.post.r, head = readNum(r, this.post.find(t)), from = after;
    var a = ungap(decodeNums(r, from, from + (head >> 2)));
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(t, a);
    return a;
  };

  // headings calls fn(list, id) for the titles (list 0) and section
  // headings (list 1) that term t is in.
  Index.prototype.headings = function (t, fn) {
    var r = this.post.r, head = readNum(r, this.post.find(t));
    var pos = after + (head >> 2);
    for (var list = 0; list < 2; list++) {
      if (!(head & (2 >> list))) continue;
      var len = readNum(r, pos), end = after + len, id = -1;
      for (pos = after; pos < end; pos = after) {
        id += readNum(r, pos) + 1;
        fn(list, id);
      }
    }
  };

  // sizes returns, for the records from..to-1 of recs, the size of each:
  // characters of postings, or the count of a counted record.
  function sizes(recs, from, to) {
    var out = new Int32Array(to - from), r = recs.r, pos = to > from ? recs.find(from) : 0;
    for (var i = 0; i < out.length; i++) {
      var v = readNum(r, pos);
      out[i] = recs.next === skipPosting ? v >> 2 : v;
      pos = recs.next(r, pos);
    }
    return out;
  }

  // stemTerms calls fn(term) for the terms of stem s, each spelt from the
  // stem by its form and looked up in the vocabulary.
  Index.prototype.stemTerms = function (s, fn) {
    var r = this.stemForms.r, c = readNum(r, this.stemForms.find(s)), pos = after;
    var st = this.stems.at(s);
    for (var i = 0; i < c; i++) {
      var f = this.forms[readNum(r, pos)];
      pos = after;
      var t = findPacked(this.terms, f[0] + st.slice(0, st.length - f[1]) + f[2]);
      if (t >= 0) fn(t);
    }
  };

  // looseStemsOf calls fn(stem) for the stems of loose key l.
  Index.prototype.looseStemsOf = function (l, fn) {
    var r = this.looseStems.r, c = readNum(r, this.looseStems.find(l)), pos = after, s = -1;
    var ids = [];
    for (var i = 0; i < c; i++) {
      s += readNum(r, pos) + 1;
      pos = after;
      ids.push(s);
    }
    ids.forEach(fn);
  };

  Index.prototype.runOf = function (d) {
    var lo = 0, hi = this.runStart.length - 2;
    while (lo < hi) {
      var mid = (lo + hi + 1) >>> 1;
      if (this.runStart[mid] <= d) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  Index.prototype.kindOf = function (d) { return this.kinds[this.runKind[this.runOf(d)]]; };
  Index.prototype.titleOf = function (d) { return this.titles[this.runTitle[this.runOf(d)]]; };
  Index.prototype.sectionOf = function (d) { return this.sections[this.runSection[this.runOf(d)]]; };

  Index.prototype.url = function (d) {
    var r = this.runOf(d), pos = this.runFrag[r];
    for (var k = this.runStart[r]; k < d; k++) { readNum(this.df, pos); pos = after; }
    var f = this.frags[readNum(this.df, pos)];
    return this.paths[this.runPath[r]] + (f ? '#' + f : '');
  };

  // prefixRange returns [from, to) of the sorted word list whose words
  // start with p. No word contains U+FFFF, a separator.
  function prefixRange(words, p) {
    return [lowerBound(words, p), lowerBound(words, p + '\uFFFF')];
  }

  // termHits returns a Map term id -> weight of the vocabulary terms that a
  // query word q (folded) matches. prefix: q is still being typed.
  Index.prototype.termHits = function (q, prefix) {
    var self = this, hits = new Map();
    function addTerm(t, w) { if (t >= 0 && !(hits.get(t) >= w)) hits.set(t, w); }
    function addStem(s, w) {
      if (s >= 0) self.stemTerms(s, function (t) { addTerm(t, w); });
    }
    addTerm(find(this.terms, q), W_EXACT);
    var ks = keys(q);
    addStem(find(this.stems, ks[0]), W_STEM);
    for (var k = 1; k < ks.length; k++) addStem(find(this.stems, ks[k]), W_KEY);
    if (isArabic(q)) {
      // The word as typed may be the bare form of a word written with a
      // conjunction or preposition: بايدن finds وبايدن and لبايدن.
      for (var p = 0; p < WEAK_PREFIXES.length; p++) addStem(find(this.stems, WEAK_PREFIXES[p] + ks[0]), W_KEY);
      var lk = loose(ks[0]);
      var l = lk === '' ? -1 : find(this.loose, lk);
      if (l >= 0) this.looseStemsOf(l, function (st) { addStem(st, W_LOOSE); });
    }
    if (prefix && q.length >= MIN_PREFIX) {
      var r = prefixRange(this.terms, q);
      this.topTerms(r, function (t) {
        addTerm(t, W_PREFIX * (0.5 + 0.5 * q.length / self.terms.at(t).length));
      });
      var bare = stripStrong(q);
      if (bare[1]) {
        var rs = prefixRange(this.stems, bare[0]);
        this.expand(rs, sizes(this.stemForms, rs[0], rs[1]), function (s) {
          addStem(s, W_BARE_PREFIX);
        });
      }
    }
    return hits;
  };

  // topTerms calls add for the terms in range r, or for the MAX_EXPAND of
  // them with the longest posting lists when there are more, as expand
  // does, but reads only the blocks of 16 terms that can hold one of them:
  // a prefix such as بال has 30,000 terms.
  Index.prototype.topTerms = function (r, add) {
    var from = r[0], to = r[1], post = this.post;
    var firstFull = (from + 15) & ~15, endFull = to & ~15;
    if (to - from <= MAX_EXPAND || firstFull >= endFull) {
      this.expand(r, sizes(post, from, to), add);
      return;
    }
    var ids = [], ws = [];
    function scan(a, b) {
      var sz = sizes(post, a, b);
      for (var i = 0; i < sz.length; i++) keepHeaviest(ids, ws, a + i, sz[i]);
    }
    scan(from, firstFull);
    scan(endFull, to);
    var blocks = [], maxOf = {};
    for (var b = firstFull >> 4; b < endFull >> 4; b++) {
      blocks.push(b);
      maxOf[b] = post.max.at(b);
    }
    blocks.sort(function (x, y) { return maxOf[y] - maxOf[x] || x - y; });
    for (var j = 0; j < blocks.length; j++) {
      if (ids.length === MAX_EXPAND && maxOf[blocks[j]] < ws[MAX_EXPAND - 1]) break;
      scan(blocks[j] * 16, blocks[j] * 16 + 16);
    }
    for (var m = 0; m < ids.length; m++) add(ids[m]);
  };

  // keepHeaviest keeps in ids (weights ws) the MAX_EXPAND heaviest ids it
  // is given, heaviest first and the smaller id first among equals, in
  // whatever order they come.
  function keepHeaviest(ids, ws, id, w) {
    var n = ids.length;
    if (n === MAX_EXPAND && !(w > ws[n - 1] || (w === ws[n - 1] && id < ids[n - 1]))) return;
    var k = n === MAX_EXPAND ? n - 1 : n;
    while (k > 0 && (ws[k - 1] < w || (ws[k - 1] === w && ids[k - 1] > id))) { ws[k] = ws[k - 1]; ids[k] = ids[k - 1]; k--; }
    ws[k] = w;
    ids[k] = id;
  }

  // expand calls add for the ids in range r, or for the MAX_EXPAND of them
  // that weigh most (weights[id - r[0]]) when there are more.
  Index.prototype.expand = function (r, weights, add) {
    var from = r[0], to = r[1];
    if (to - from <= MAX_EXPAND) {
      for (var i = from; i < to; i++) add(i);
      return;
    }
    // Keep the heaviest in a small sorted buffer (heaviest first).
    var ids = [], ws = [];
    for (var j = from; j < to; j++) keepHeaviest(ids, ws, j, weights[j - from]);
    for (var m = 0; m < ids.length; m++) add(ids[m]);
  };

  // search runs a query and returns {words, all, some, results}: the query
  // words, how many documents match all of them and how many only some,
  // and the best `limit` documents, those with every word first.
  // warm runs a few searches for words of the index's own titles and
  // forgets what they found, so that the engine's code is compiled before
  // the reader's first query: cold, the first search for a common prefix
  // took 60-120 ms; warm, the same one takes 5-15 ms. It runs once the
  // index is open, while the reader types.
  Index.prototype.warm = function () {
    var t0 = performance.now(), words = [];
    for (var i = 0; i < this.titles.length && words.length < 6; i++) {
      var t = this.titles[i];
      if (typeof t !== 'string') continue;
      t.split(/\s+/).forEach(function (w) { if (w.length >= 4 && words.length < 6) words.push(w); });
    }
    for (var j = 0; j < words.length; j++) {
      this.search(words[j].slice(0, 3), 30);
      this.search(words[j] + ' ' + words[(j + 1) % words.length].slice(0, 3), 30);
    }
    this.cache.clear();
    this.warmMs = performance.now() - t0;
  };

  Index.prototype.search = function (query, limit) {
    var qs = terms(query, true);
    var prefixLast = qs.length > 0 && qs[qs.length - 1].end === query.length;
    if (qs.length > MAX_TERMS) { qs = qs.slice(0, MAX_TERMS); prefixLast = false; }
    var nq = qs.length;
    var mask = this.mask, score = this.score, termW = this.termW, n = this.n;
    // touched holds the documents found so far (nt of them), found those
    // of the current word (nf): buffers kept across queries.
    var touched = this.touchedBuf, found = this.foundBuf, nt = 0, nf, words = [];
    var i, k, d;
    for (i = 0; i < nq; i++) {
      var q = qs[i].t;
      var hits = this.termHits(q, prefixLast && i === nq - 1);
      words.push({ q: q, prefix: prefixLast && i === nq - 1, hits: hits, idf: 0 });
      nf = 0;
      var it = hits.entries();
      for (var e = it.next(); !e.done; e = it.next()) {
        nf = gather(this.postings(e.value[0]), e.value[1], termW, found, nf);
      }
      var idf = Math.log(1 + n / (1 + nf));
      words[i].idf = idf;
      nt = settle(found, nf, 1 << i, idf, mask, score, termW, touched, nt);
    }
    // Titles and section headings: a boost for documents already found,
    // and one document per heading (the first) for a heading-only match.
    var self = this, w2 = 0;
    function addHeading(list, id) {
      nf = gatherHeading(list === 0 ? self.titleRuns : self.sectionRuns, id, w2, self.runStart, mask, termW, found, nf);
    }
    for (i = 0; i < nq; i++) {
      nf = 0;
      var it2 = words[i].hits.entries();
      for (var e2 = it2.next(); !e2.done; e2 = it2.next()) {
        w2 = e2.value[1];
        this.headings(e2.value[0], addHeading);
      }
      var bit2 = 1 << i;
      for (k = 0; k < nf; k++) {
        d = found[k];
        if (mask[d] & bit2) {
          score[d] += HEAD_BOOST * termW[d] * words[i].idf;
        } else {
          if (mask[d] === 0) touched[nt++] = d;
          mask[d] |= bit2;
          score[d] += HEAD_ONLY * termW[d] * words[i].idf;
        }
        termW[d] = 0;
      }
    }
    var full = (nq >= 32 ? 0 : (1 << nq) - 1) >>> 0;
    var all = 0;
    // Keep the best `limit` in order (number of words matched, then score,
    // then document order) in two typed arrays: no allocation per document.
    var bestKeys = new Float64Array(limit), docsOf = new Int32Array(limit), kept = 0;
    for (k = 0; k < nt; k++) {
      d = touched[k];
      var m = mask[d] >>> 0;
      if (m === full) all++;
      var key = popcount(m) * 1e6 + score[d];
      if (kept === limit && !(key > bestKeys[limit - 1] || (key === bestKeys[limit - 1] && d < docsOf[limit - 1]))) continue;
      var b = kept < limit ? kept++ : limit - 1;
      while (b > 0 && (bestKeys[b - 1] < key || (bestKeys[b - 1] === key && docsOf[b - 1] > d))) {
        bestKeys[b] = bestKeys[b - 1];
        docsOf[b] = docsOf[b - 1];
        b--;
      }
      bestKeys[b] = key;
      docsOf[b] = d;
    }
    var results = [];
    for (k = 0; k < kept; k++) {
      d = docsOf[k];
      results.push({ doc: d, all: (mask[d] >>> 0) === full, score: score[d] });
    }
    for (k = 0; k < nt; k++) { mask[touched[k]] = 0; score[touched[k]] = 0; }
    return { words: words, all: all, some: nt - all, results: results };
  };

  // gather adds the documents of a posting list to found (nf of them so
  // far) and keeps in termW the best weight each has for the query word.
  // It returns the new nf. Kept apart, and settle too, so that the engine
  // optimises these loops early.
  function gather(docs, w, termW, found, nf) {
    for (var k = 0; k < docs.length; k++) {
      var d = docs[k];
      if (termW[d] === 0) found[nf++] = d;
      if (termW[d] < w) termW[d] = w;
    }
    return nf;
  }

  // gatherHeading adds to found the documents under title or heading id
  // of groups that the query has found already, and the first of them all
  // the same, as gather does.
  function gatherHeading(groups, id, w, runStart, mask, termW, found, nf) {
    var first = true;
    for (var g = groups.start[id]; g < groups.start[id + 1]; g++) {
      var run = groups.list[g];
      for (var d = runStart[run]; d < runStart[run + 1]; d++) {
        if (mask[d] === 0 && !first) continue;
        first = false;
        if (termW[d] === 0) found[nf++] = d;
        if (termW[d] < w) termW[d] = w;
      }
    }
    return nf;
  }

  // settle scores the documents found for query word bit and adds the new
  // ones to touched (nt so far). It returns the new nt.
  function settle(found, nf, bit, idf, mask, score, termW, touched, nt) {
    for (var k = 0; k < nf; k++) {
      var d = found[k];
      if (mask[d] === 0) touched[nt++] = d;
      mask[d] |= bit;
      score[d] += termW[d] * idf;
      termW[d] = 0;
    }
    return nt;
  }

  function popcount(v) {
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    return (((v + (v >>> 4)) & 0x0F0F0F0F) * 0x01010101) >>> 24;
  }

  Index.prototype.shardOf = function (d) {
    var lo = 0, hi = this.shardFirst.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >>> 1;
      if (this.shardFirst[mid] <= d) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  // matcher returns a function that tells, for a folded word of a text,
  // the index of the query word it matches, or -1.
  function matcher(words) {
    var sets = words.map(function (w, i) {
      var set = new Set();
      w.hits.forEach(function (_, t) { set.add(t); });
      return set;
    });
    var memo = new Map(); // folded word -> query word, for words found in the vocabulary
    return function (idx, word) {
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (word === w.q) return i;
        if (w.prefix && word.length > w.q.length && startsWith(word, w.q)) return i;
      }
      var hit = memo.get(word);
      if (hit !== undefined) return hit;
      var t = find(idx.terms, word), q = -1;
      for (var j = 0; t >= 0 && j < sets.length; j++) if (sets[j].has(t)) { q = j; break; }
      memo.set(word, q);
      return q;
    };
  }

  // highlight appends text[from:to] to parent, with every matched word in
  // a <mark>: whole words only, so Arabic letters keep joining.
  function highlight(parent, text, from, to, toks, match) {
    var pos = from;
    for (var i = 0; i < toks.length; i++) {
      var tk = toks[i];
      if (tk.q < 0 || tk.start < from || tk.end > to) continue;
      if (tk.start > pos) parent.appendChild(document.createTextNode(text.slice(pos, tk.start)));
      var m = document.createElement('mark');
      m.textContent = text.slice(tk.start, tk.end);
      parent.appendChild(m);
      pos = tk.end;
    }
    if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
  }

  function markWords(idx, text, match) {
    var toks = terms(text, true);
    for (var i = 0; i < toks.length; i++) toks[i].q = match(idx, toks[i].t);
    return toks;
  }

  var SNIPPET = 200, LEAD = 40;

  // snippet fills el with a window of text around the densest matches.
  function snippet(el, idx, text, match) {
    var toks = markWords(idx, text, match);
    var hits = toks.filter(function (tk) { return tk.q >= 0; });
    var from = 0;
    if (hits.length > 0) {
      var bestCount = -1;
      for (var i = 0; i < hits.length; i++) {
        var seen = {}, c = 0;
        for (var j = i; j < hits.length && hits[j].end - hits[i].start <= SNIPPET - LEAD; j++) {
          if (!seen[hits[j].q]) { seen[hits[j].q] = true; c++; }
        }
        if (c > bestCount) { bestCount = c; from = hits[i].start; }
      }
      from = Math.max(0, Math.min(from - LEAD, text.length - SNIPPET));
    }
    var to = Math.min(text.length, from + SNIPPET);
    // Cut at spaces, never inside a word.
    if (from > 0) {
      var sp = text.indexOf(' ', from);
      from = sp >= 0 && sp < to ? sp + 1 : from;
    }
    if (to < text.length) {
      var sp2 = text.lastIndexOf(' ', to);
      if (sp2 > from) to = sp2;
    }
    el.textContent = '';
    if (from > 0) el.appendChild(document.createTextNode('… '));
    highlight(el, text, from, to, toks, match);
    if (to < text.length) el.appendChild(document.createTextNode(' …'));
  }

  // ---------------------------------------------------------------------
  // Loading: the index and its text shards are scripts that call back.

  var indexes = {};   // lang -> Promise<Index>
  var waiting = {};   // lang -> {resolve, reject}
  var shardWait = {}; // lang/shard -> {resolve}
  var texts = {};     // lang -> [shard -> [text]]

  window.briefingSearchIndex = function (lang, data, blobFn) {
    var w = waiting[lang];
    if (!w) return;
    try {
      var loaded = Date.now();
      var idx = new Index(data, blobOf(blobFn));
      idx.buildMs = Date.now() - loaded; // with the copy of the blob
      idx.loadMs = loaded - w.started;
      w.resolve(idx);
    } catch (err) {
      w.reject(err);
    }
  };

  // blobOf returns the comment in the body of fn: function(){/*...*/}.
  // In V8 the text of a function is a view of the script's source, which
  // V8 keeps outside its heap and reads two to five times slower than its
  // own strings; the concatenation and slice make one flat copy (V8
  // flattens a concatenated string when it is sliced), about 10-30 ms for
  // the 13 MB of the Arabic index of 5,000 articles.
  function blobOf(fn) {
    if (typeof fn !== 'function') return '';
    var src = Function.prototype.toString.call(fn);
    var from = src.indexOf('/*'), to = src.lastIndexOf('*/');
    if (from < 0 || to < from + 2) throw new Error('search: the index has no data block');
    return (src.slice(from + 2, to) + ' ').slice(0, -1);
  }

  window.briefingSearchText = function (lang, shard, text) {
    (texts[lang] = texts[lang] || [])[shard] = text.split('\n');
    var w = shardWait[lang + '/' + shard];
    if (w) w.resolve();
  };

  function addScript(src, onerror) {
    var s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.charset = 'utf-8';
    s.onerror = onerror;
    document.head.appendChild(s);
  }

  function loadIndex(root, lang) {
    if (!indexes[lang]) {
      indexes[lang] = new Promise(function (resolve, reject) {
        waiting[lang] = { resolve: resolve, reject: reject, started: Date.now() };
        addScript(root + 'assets/search-' + lang + '.js', function () {
          reject(new Error('search: cannot load the index for ' + lang));
        });
      });
    }
    return indexes[lang];
  }

  function loadShard(root, lang, idx, shard) {
    var key = lang + '/' + shard;
    if (!shardWait[key]) {
      var w = {};
      w.promise = new Promise(function (resolve, reject) {
        w.resolve = resolve;
        addScript(root + 'assets/' + idx.shardFiles[shard], function () {
          reject(new Error('search: cannot load ' + idx.shardFiles[shard]));
        });
      });
      shardWait[key] = w;
      if (texts[lang] && texts[lang][shard]) w.resolve();
    }
    return shardWait[key].promise;
  }

  function docText(lang, idx, d) {
    var s = idx.shardOf(d);
    var shard = texts[lang] && texts[lang][s];
    return shard ? shard[d - idx.shardFirst[s]] : undefined;
  }

  // ---------------------------------------------------------------------
  // (3) The dialog.

  var LIMIT = 30;

  function Search(root) {
    this.host = root;
    this.root = root.getAttribute('data-root') || metaRoot();
    this.lang = document.documentElement.lang || root.getAttribute('data-lang') || 'en';
    this.str = function (k) { return root.getAttribute('data-s-' + k) || ''; };
    this.button = root.querySelector('button');
    this.dialog = null;
    this.active = -1;
    this.gen = 0;
    this.idx = null;
  }

  function metaRoot() {
    var m = document.querySelector('meta[name="briefing-root"]');
    return m ? m.getAttribute('content') : './';
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  Search.prototype.build = function () {
    var self = this, str = this.str;
    var d = el('dialog', { 'class': 'bsearch-dialog', 'aria-label': str('label') });
    var bar = el('div', { 'class': 'bsearch-bar' });
    this.input = el('input', {
      'type': 'search', 'role': 'combobox', 'aria-expanded': 'false', 'aria-controls': 'bsearch-list',
      'aria-autocomplete': 'list', 'aria-label': str('label'), 'placeholder': str('placeholder'),
      'dir': 'auto', 'autocomplete': 'off', 'spellcheck': 'false', 'enterkeyhint': 'go', 'id': 'bsearch-input'
    });
    var close = el('button', { 'type': 'button', 'class': 'bsearch-close', 'aria-label': str('close') }, '\u00D7');
    bar.appendChild(this.input);
    bar.appendChild(close);
    this.status = el('p', { 'class': 'bsearch-status', 'role': 'status', 'aria-live': 'polite' });
    this.list = el('ul', { 'class': 'bsearch-list', 'id': 'bsearch-list', 'role': 'listbox', 'aria-label': str('results_label') });
    var hint = el('p', { 'class': 'bsearch-hint', 'aria-hidden': 'true' }, str('hint'));
    var panel = el('div', { 'class': 'bsearch-panel' });
    panel.appendChild(bar);
    panel.appendChild(this.status);
    panel.appendChild(this.list);
    panel.appendChild(hint);
    d.appendChild(panel);
    document.body.appendChild(d);
    this.dialog = d;
    this.input.addEventListener('input', function () { self.run(); });
    this.input.addEventListener('keydown', function (ev) { self.key(ev); });
    close.addEventListener('click', function () { self.close(); });
    // Closed another way (the browser's own Escape handling): give the
    // focus back to the button all the same.
    d.addEventListener('close', function () {
      if (self.button && !self.following && document.activeElement !== self.button) self.button.focus();
      self.following = false;
    });
    d.addEventListener('click', function (ev) {
      if (ev.target === d) { self.close(); return; } // the backdrop
      var a = ev.target.closest ? ev.target.closest('a[role="option"]') : null;
      if (a) { self.following = true; self.close(); }
    });
  };

  Search.prototype.open = function () {
    if (!this.dialog) this.build();
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    this.input.select();
    var self = this;
    if (!this.idx) {
      this.status.textContent = this.str('loading');
      this.opened = performance.now();
      this.warmed = loadIndex(this.root, this.lang).then(function (idx) {
        self.idx = idx;
        self.openMs = performance.now() - self.opened;
        self.status.textContent = '';
        self.run();
        return new Promise(function (done) {
          setTimeout(function () {
            if (idx.warmMs === undefined) idx.warm();
            done();
          }, 0);
        });
      }, function () {
        self.status.textContent = self.str('load_error');
      });
    } else {
      this.run();
    }
    return indexes[this.lang];
  };

  // close closes the dialog and, unless a result is being followed, gives
  // the focus back to the search button.
  Search.prototype.close = function () {
    if (!this.dialog || !this.dialog.open) return;
    this.dialog.close();
    if (this.button && !this.following) this.button.focus();
  };

  Search.prototype.count = function (res) {
    var str = this.str;
    if (res.all === 0) {
      return res.some > 0 ? str('results_partial').replace('{n}', String(res.some)) : str('results_none');
    }
    var s = str(res.all === 1 ? 'results_one' : 'results_other').replace('{n}', String(res.all));
    if (res.some > 0) s += ' ' + str('results_more').replace('{n}', String(res.some));
    return s;
  };

  Search.prototype.run = function () {
    if (!this.idx) return;
    var q = this.input.value;
    var gen = ++this.gen;
    this.list.textContent = '';
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    if (fold(q).trim() === '' || terms(q, true).length === 0) {
      this.input.setAttribute('aria-expanded', 'false');
      this.status.textContent = '';
      return;
    }
    var res = this.idx.search(q, LIMIT);
    this.last = res;
    this.render(res, gen);
  };

  Search.prototype.render = function (res, gen) {
    var idx = this.idx, self = this, lang = this.lang;
    var match = matcher(res.words);
    var pending = {};
    var frag = document.createDocumentFragment();
    res.results.forEach(function (r, i) {
      var d = r.doc;
      var li = el('li', { 'role': 'none' });
      var a = el('a', {
        'role': 'option', 'id': 'bsearch-opt-' + i, 'href': self.root + idx.url(d),
        'aria-selected': 'false', 'class': r.all ? 'bsearch-item' : 'bsearch-item bsearch-partial'
      });
      var head = el('span', { 'class': 'bsearch-head' });
      var kind = idx.kindOf(d);
      head.appendChild(el('span', { 'class': 'bsearch-kind bsearch-kind-' + kind }, self.str('kind_' + kind) || kind));
      var title = el('span', { 'class': 'bsearch-title', 'dir': 'auto' });
      var tt = idx.titleOf(d);
      highlight(title, tt, 0, tt.length, markWords(idx, tt, match), match);
      head.appendChild(title);
      var sec = idx.sectionOf(d);
      if (sec) {
        var st = el('span', { 'class': 'bsearch-section', 'dir': 'auto' });
        highlight(st, sec, 0, sec.length, markWords(idx, sec, match), match);
        head.appendChild(st);
      }
      a.appendChild(head);
      var sn = el('span', { 'class': 'bsearch-snippet', 'dir': 'auto' });
      a.appendChild(sn);
      var text = docText(lang, idx, d);
      if (text !== undefined) {
        snippet(sn, idx, text, match);
      } else {
        var s = idx.shardOf(d);
        (pending[s] = pending[s] || []).push([sn, d]);
      }
      li.appendChild(a);
      frag.appendChild(li);
    });
    this.list.appendChild(frag);
    this.input.setAttribute('aria-expanded', res.results.length > 0 ? 'true' : 'false');
    this.status.textContent = this.count(res);
    if (res.results.length > 0) this.move(0, true);
    // Snippets whose text shard is not loaded yet are filled in when it is.
    // The shards are asked for in a task of their own, once the results
    // are on screen, and not at all if the reader has typed on by then:
    // adding a script takes a millisecond or more, and a query can want
    // thirty shards.
    setTimeout(function () {
      if (gen !== self.gen) return;
      Promise.all(Object.keys(pending).map(function (s) {
        return loadShard(self.root, lang, idx, +s).then(function () {
          if (gen !== self.gen) return;
          pending[s].forEach(function (p) {
            var t = docText(lang, idx, p[1]);
            if (t !== undefined) snippet(p[0], idx, t, match);
          });
        }, function () {});
      })).then(function () {
        if (gen === self.gen) self.snippetsReady = gen;
      });
    }, 0);
  };

  Search.prototype.options = function () {
    return this.list.querySelectorAll('[role="option"]');
  };

  Search.prototype.move = function (i, noScroll) {
    var opts = this.options();
    if (opts.length === 0) return;
    i = (i + opts.length) % opts.length;
    if (this.active >= 0 && opts[this.active]) opts[this.active].setAttribute('aria-selected', 'false');
    this.active = i;
    opts[i].setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', opts[i].id);
    if (!noScroll && opts[i].scrollIntoView) opts[i].scrollIntoView({ block: 'nearest' });
  };

  Search.prototype.key = function (ev) {
    if (ev.isComposing) return;
    if (ev.key === 'Escape' || ev.key === 'Esc') { ev.preventDefault(); this.close(); return; }
    if (ev.key === 'ArrowDown' || ev.key === 'Down') { ev.preventDefault(); this.move(this.active + 1); } else if (ev.key === 'ArrowUp' || ev.key === 'Up') { ev.preventDefault(); this.move(this.active - 1); } else if (ev.key === 'Enter') {
      var opts = this.options();
      if (opts.length > 0) {
        ev.preventDefault();
        opts[this.active >= 0 ? this.active : 0].click();
      }
    }
  };

  function editable(t) {
    if (!t || !t.tagName) return false;
    var tag = t.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
  }

  var searches = [];

  function init() {
    var hosts = document.querySelectorAll('[data-briefing-search]');
    for (var i = 0; i < hosts.length; i++) {
      var s = new Search(hosts[i]);
      searches.push(s);
      if (s.button) {
        s.button.hidden = false;
        s.button.addEventListener('click', s.open.bind(s));
      }
    }
    if (searches.length === 0) return;
    document.addEventListener('keydown', function (ev) {
      var k = ev.key;
      if ((k === 'k' || k === 'K') && (ev.ctrlKey || ev.metaKey) && !ev.altKey) {
        ev.preventDefault();
        searches[0].open();
      } else if (k === '/' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !editable(ev.target)) {
        ev.preventDefault();
        searches[0].open();
      }
    });
  }

  // The API the tests and the integrator may use.
  window.briefingSearch = {
    fold: fold,
    terms: function (s) { return terms(s).map(function (t) { return { t: t.t, s: t.s, k: keys(t.t), l: loose(t.s), start: t.start, end: t.end }; }); },
    stem: stem,
    keys: keys,
    loose: loose,
    Index: Index,
    blobOf: blobOf,
    open: function () { return searches.length ? searches[0].open() : Promise.reject(new Error('search: no search box')); },
    instance: function () { return searches[0]; }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
