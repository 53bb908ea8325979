-- protokoll catalogue, schema version 10.
-- protokoll applies this to a new file (PRAGMA user_version 0 → 11); older catalogues are
-- migrated by catalogue/catalogue.cc (1 → 2 added the search-term columns, 2 → 3 the quality
-- record, 3 → 4 corrections, 4 → 5 the OCR filter column, 5 → 6 indexing by the writer, 6 → 7
-- the municipality, 7 → 8 the word boxes of OCR lines and the size of OCR'd page images, 8 → 9 the bytes of paths that are not UTF-8, 9 → 10 the origin and generation of each
-- document's reading and the documents let go, 10 → 11 who decided and how: the tables after
-- "@PEOPLE_BEGIN"). Every table is plain SQLite: the stock sqlite3 shell
-- reads them and runs FTS5 MATCH without any extension of ours.

-- One row per distinct file content (SHA-256 of the bytes). Re-ingesting the same bytes is a
-- no-op; a changed file at the same path replaces its old row (and items) in one transaction.
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL UNIQUE,
  path         TEXT NOT NULL,            -- as given to ingest; escaped when not UTF-8 (path_bytes)
  size         INTEGER NOT NULL,         -- bytes
  pages        INTEGER NOT NULL,
  format       TEXT NOT NULL,            -- 'text' | 'pdf' | 'image'
  encoding     TEXT,                     -- text files: the charset the bytes were decoded from
  body         TEXT,                     -- the organ named in the protocol head
  meeting_date TEXT,                     -- ISO date from the protocol head
  municipality TEXT,                     -- kommun / stad / socken … (arkivbildare): from the head, or
                                         -- set for the file's folder at ingest; NULL when unknown
  ingested_at  TEXT NOT NULL,            -- UTC, ISO 8601
  seq          INTEGER NOT NULL,         -- catalogue-wide change counter at ingest
  path_bytes   BLOB,                     -- the path's bytes when they are not UTF-8 (else NULL): `path`
                                         -- then shows them escaped ("\xe9" a byte; "\\" a backslash)
  -- (No comma in the comments of the last columns: ALTER TABLE DROP COLUMN looks back through
  -- comments for the comma before a column; tests make older schemas with it.)
  origin       TEXT NOT NULL DEFAULT '', -- the catalogue that read the file (its meta 'id')
  generation   INTEGER NOT NULL DEFAULT 0 -- that catalogue's change number when it stored this reading
);
-- `origin` and `generation` say which reading of the file a row is, without clocks: a merge keeps
-- the shard's. A re-run there (--reextract, --retry-failed, a new municipality) stores a later
-- generation, which a merge takes in place of the earlier one; readings from different
-- catalogues are different documents unless their bytes are the same.
CREATE INDEX documents_path ON documents(path);

-- Readings this catalogue held and let go: replaced by a later reading of the same bytes, or by
-- other bytes at their path read where they were read. A merge does not bring them back (nor
-- an older generation of them); the newest generation let go per file and origin.
CREATE TABLE replaced_documents (
  sha256     TEXT NOT NULL,
  origin     TEXT NOT NULL,
  generation INTEGER NOT NULL,
  seq        INTEGER NOT NULL,           -- the change that let it go
  PRIMARY KEY (sha256, origin)
) WITHOUT ROWID;

-- The clean text of every page and how it was obtained.
CREATE TABLE pages (
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page           INTEGER NOT NULL,       -- 1-based
  source         TEXT NOT NULL,          -- 'text' | 'pdf' | 'ocr' | 'none' | 'empty' (no ink: not read)
  ocr_confidence REAL,                   -- mean word confidence 0–1 for OCR'd pages
  ocr_variant    TEXT,                   -- how an OCR'd page was read: 'psm3', 'psm6+sauvola', '+eng§', '+table'
  text           TEXT NOT NULL,
  -- OCR'd pages: the size in pixels of the page image OCR read (a PDF page rendered at 300 dpi;
  -- an image file's own pixels), the space of ocr_lines' boxes. NULL for other pages and for
  -- pages stored before schema 8.
  image_width    INTEGER,
  image_height   INTEGER,
  PRIMARY KEY (document_id, page)
) WITHOUT ROWID;

-- Every line Tesseract read, with its confidence and place on the page (pixels of the page
-- image), for review of doubtful readings and for citing a line on a scan.
CREATE TABLE ocr_lines (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page        INTEGER NOT NULL,
  line        INTEGER NOT NULL,          -- 0-based, in reading order
  confidence  REAL NOT NULL,             -- 0–1
  left        INTEGER NOT NULL,
  top         INTEGER NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  text        TEXT NOT NULL,
  -- Where Tesseract saw each word of `text` (split at spaces), in the same pixels as the line:
  -- four integers a word, 'left top width height', all separated by spaces ('212 480 96 31 320
  -- 480 150 38'). The searchable PDF export places each word of its text layer there. NULL when
  -- not recorded (lines stored before schema 8: the export spreads their words over the line).
  words       TEXT,
  PRIMARY KEY (document_id, page, line)
) WITHOUT ROWID;

-- How far each document's reading can be trusted (`protokoll review` lists the lowest first):
-- what the segmenter chose and found, and what lowered the score.
CREATE TABLE document_quality (
  document_id        INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  score              REAL NOT NULL,      -- 0 (surely wrong) … 1 (nothing suspicious)
  items              INTEGER NOT NULL,
  meetings           INTEGER NOT NULL,   -- meetings in the file (a bound volume holds many)
  unsegmented        INTEGER NOT NULL,   -- 1: no § found, stored one item per page
  header_style       TEXT NOT NULL,      -- 'sign' | 'sign (OCR misread)' | 'organ prefix without sign' | 'bare number' | 'none'
  numbering_gaps     INTEGER NOT NULL,
  numbering_restarts INTEGER NOT NULL,
  share_title        REAL NOT NULL,      -- share of items with a title
  share_dnr          REAL NOT NULL,
  share_decision     REAL NOT NULL,
  ocr_confidence     REAL,               -- mean over OCR'd pages
  reasons            TEXT NOT NULL       -- one a line
);
CREATE INDEX document_quality_score ON document_quality(score);

-- Problems with single pages of a document that otherwise went in.
CREATE TABLE page_problems (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page        INTEGER NOT NULL,
  stage       TEXT NOT NULL,
  reason      TEXT NOT NULL
);

-- One row per § item. `record` is the export record (schemas/paragraph.schema.json) as JSON.
CREATE TABLE items (
  rowid           INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,  -- stable: first 16 hex of the document's SHA-256 + '-' + §
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal         INTEGER NOT NULL,      -- position in the document, 0-based
  paragraph       INTEGER NOT NULL,
  paragraph_label TEXT NOT NULL,
  page_start      INTEGER NOT NULL,
  page_end        INTEGER NOT NULL,
  body            TEXT,
  meeting_date    TEXT,
  title           TEXT NOT NULL,
  decision        TEXT,
  text            TEXT NOT NULL,
  source          TEXT NOT NULL,         -- 'text' | 'pdf' | 'ocr'
  ocr_confidence  REAL,
  seq             INTEGER NOT NULL,      -- change counter: export --since uses it
  changed_at      TEXT NOT NULL,         -- UTC, ISO 8601
  record          TEXT NOT NULL,
  -- Search terms (catalogue/terms.h), written by protokoll so that the built-in unicode61
  -- tokenizer can index them: Hunspell base forms of the title's words, of all the item's words
  -- ("förskolan", "förskolor" → "förskola") and the base forms of the parts of its compounds
  -- ("skolskjutsärenden" → "skolskjuts skola skjuts ärende"). Space-separated, each word once.
  title_terms     TEXT NOT NULL DEFAULT '',
  terms           TEXT NOT NULL DEFAULT '',
  parts           TEXT NOT NULL DEFAULT '',
  -- Filter tokens, indexed so that a filtered search narrows inside FTS5 rather than row by
  -- row: 'y2019' (meeting year), 'bkommunstyrelsen' (the body, folded, letters only), 'a3'…'a10'
  -- (an amount of at least 10^n kronor), 'dksx2017x73' (a diarienummer); and the place words of
  -- the document's municipality as plain words ('tingsryds tingsryd'), so that a query word
  -- finds the municipality's items (with weight 0 in the ranking: below any item that has the
  -- word in its text).
  facets          TEXT NOT NULL DEFAULT '',
  -- The record as extracted, before corrections (`record` is it with the corrections applied);
  -- '' while no correction has changed `record` (then `record` is the record as extracted).
  extracted       TEXT NOT NULL DEFAULT '',
  hidden          INTEGER NOT NULL DEFAULT 0  -- 1: corrected as "not an item" (no search, no export)
);
CREATE INDEX items_document ON items(document_id, ordinal);
CREATE INDEX items_seq ON items(seq);
CREATE INDEX items_meeting_date ON items(meeting_date);
CREATE INDEX items_hidden ON items(hidden) WHERE hidden;

-- What search filters on, one narrow row per item (a filtered search reads these for every
-- match instead of the wide items rows; a server keeps them in memory, catalogue/columns.h):
-- the meeting year and date, the body case-folded, whether the item was read by OCR, the
-- document's municipality case-folded.
CREATE TABLE item_facets (
  item_rowid   INTEGER PRIMARY KEY REFERENCES items(rowid) ON DELETE CASCADE,
  year         INTEGER,                  -- of the meeting date
  meeting_date TEXT,
  body_key     TEXT,                     -- protokoll_fold(body): 'kommunstyrelsen'
  ocr          INTEGER NOT NULL DEFAULT 0, -- 1: items.source = 'ocr'
  municipality_key TEXT                  -- protokoll_fold(documents.municipality): 'kumla kommun'
);

CREATE TABLE item_diarienummer (
  item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,           -- 0 is the item's own
  raw        TEXT NOT NULL,
  normalized TEXT NOT NULL,              -- 'KS 2017/73'
  board      TEXT,
  year       INTEGER NOT NULL,
  serial     INTEGER NOT NULL,
  page       INTEGER NOT NULL
);
CREATE INDEX item_diarienummer_normalized ON item_diarienummer(normalized);
CREATE INDEX item_diarienummer_item ON item_diarienummer(item_rowid);

CREATE TABLE item_amounts (
  item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
  raw        TEXT NOT NULL,
  sek        REAL NOT NULL,
  period     TEXT,                       -- 'year' | 'month' | NULL
  page       INTEGER NOT NULL
);
CREATE INDEX item_amounts_item ON item_amounts(item_rowid);

CREATE TABLE item_dates (
  item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
  date       TEXT NOT NULL,
  page       INTEGER NOT NULL
);
CREATE INDEX item_dates_item ON item_dates(item_rowid);

CREATE TABLE item_years (
  item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
  year       INTEGER NOT NULL,
  page       INTEGER NOT NULL
);
CREATE INDEX item_years_item ON item_years(item_rowid);

-- Full-text index over the words as written (title, decision, text) and the search terms
-- (title_terms, terms, parts). remove_diacritics 0: å, ä and ö are letters of their own ("år"
-- never matches "ar"). Any sqlite3 shell can query it:
--   SELECT paragraph_label, title FROM items_fts JOIN items ON items.rowid = items_fts.rowid
--   WHERE items_fts MATCH 'förskola' ORDER BY bm25(items_fts, 5, 2, 1, 4, 1, 0.4, 0);
-- finds "förskolan" and "förskolor" (through `terms`) and "förskoleverksamhet" (through `parts`).
-- @FTS_BEGIN
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, decision, text, title_terms, terms, parts, facets,
  content = 'items', content_rowid = 'rowid',
  tokenize = "unicode61 remove_diacritics 0"
);
-- New items are indexed by whoever stores them, a document at a time, in one statement:
--   INSERT INTO items_fts(rowid, title, decision, text, title_terms, terms, parts, facets)
--   SELECT rowid, title, coalesce(decision, ''), text, title_terms, terms, parts, facets
--   FROM items WHERE document_id = ?;
-- (ingest and merge do; an AFTER INSERT trigger made every item's INSERT a statement with its
-- own savepoint, at which FTS5 writes out what it holds: 0.17 s of a 500-page ingest, against
-- 0.04 s indexed per document). Changes and deletions go through the triggers below.
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, decision, text, title_terms, terms, parts, facets)
  VALUES ('delete', old.rowid, old.title, coalesce(old.decision, ''), old.text, old.title_terms,
          old.terms, old.parts, old.facets);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, decision, text, title_terms, terms, parts, facets ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, decision, text, title_terms, terms, parts, facets)
  VALUES ('delete', old.rowid, old.title, coalesce(old.decision, ''), old.text, old.title_terms,
          old.terms, old.parts, old.facets);
  INSERT INTO items_fts(rowid, title, decision, text, title_terms, terms, parts, facets)
  VALUES (new.rowid, new.title, coalesce(new.decision, ''), new.text, new.title_terms, new.terms,
          new.parts, new.facets);
END;
-- @FTS_END

-- The vocabulary of the stored items: every word (lower case) with its base forms (kind 0) and
-- the base forms of its compound parts (kind 1), as written into the search-term columns. A
-- search looks a query word's base forms up here, and the written forms of a base form to
-- highlight them, without loading the dictionary. Words of removed items may stay (harmless).
CREATE TABLE vocabulary (
  term TEXT NOT NULL,                   -- a base form or a compound part: 'bidrag'
  word TEXT NOT NULL,                   -- a word as written, lower case: 'föreningsbidragen'
  kind INTEGER NOT NULL,                -- 0: term is a base form of word; 1: a part of it
  PRIMARY KEY (term, word, kind)
) WITHOUT ROWID;
CREATE INDEX vocabulary_word ON vocabulary(word);

-- Corrections made by people (protokoll correct, the web page, the API), kept apart from what
-- was extracted and never deleted: the newest per item and field wins. Keyed by the item's id,
-- so they survive re-ingest of the same file and re-extraction by a newer protokoll.
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  item_id    TEXT NOT NULL,
  field      TEXT NOT NULL,   -- title | diarienummer | decision | amounts | dates | meeting_date | body | not_an_item
  value      TEXT NOT NULL,   -- JSON: a string, null, an array, or true/false for not_an_item
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL,   -- UTC, ISO 8601
  note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_item ON corrections(item_id, id);

-- Files that could not be ingested, so they can be listed and retried. Cleared when the path
-- goes in.
CREATE TABLE failures (
  path      TEXT PRIMARY KEY,             -- as documents.path: escaped when not UTF-8
  sha256    TEXT,                         -- NULL when refused before its bytes were read through
  stage     TEXT NOT NULL,                -- 'read' | 'source' | 'store' …
  reason    TEXT NOT NULL,
  failed_at TEXT NOT NULL,
  attempts  INTEGER NOT NULL DEFAULT 1,
  path_bytes BLOB                         -- as documents.path_bytes
);

-- Items removed because their document changed or was replaced: export --since reports them.
CREATE TABLE removed_items (
  id         TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  removed_at TEXT NOT NULL
);
CREATE INDEX removed_items_seq ON removed_items(seq);

-- @PEOPLE_BEGIN
-- Who decided, and how (the record's `present`, `chair`, `secretary`, `adjusters`, `motions`,
-- `vote`, `reservations`, `statements`, `conflicts`), as rows that search filters on (--present, --moved-by,
-- --reserved-by, --vote) and a person's page reads. The record keeps the whole of it; items stored
-- before schema 10 have no rows until ingested again (ingest --reextract).

-- The attendance of each meeting of a document, once per meeting (not per item).
CREATE TABLE meeting_people (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  meeting     INTEGER NOT NULL,          -- 1-based, as the record's `meeting`
  part        TEXT NOT NULL,             -- 'present' | 'chair' | 'secretary' | 'adjuster'
  name        TEXT NOT NULL,             -- as written, titles dropped
  name_key    TEXT NOT NULL,             -- protokoll_fold(name): 'anna andersson'
  party       TEXT,                      -- code: 'S', 'M', 'L' (for "fp"), a local party's letters; NULL when none
  role        TEXT,                      -- ordförande | vice ordförande | ledamot | tjänstgörande ersättare | ersättare | sekreterare | övrig
  page        INTEGER
);
CREATE INDEX meeting_people_document ON meeting_people(document_id, meeting);
CREATE INDEX meeting_people_name ON meeting_people(name_key);

-- Each item's own people: who moved what, who reserved themselves, who entered a statement
-- (protokollsanteckning), who declared jäv, and the roll call of its vote. A party group
-- ("Sverigedemokraterna reserverade sig") has no name. 'statement' rows came with no change of
-- tables (schema 11 as before): a catalogue of 11 ingested before has none until ingested again.
CREATE TABLE item_people (
  item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
  part       TEXT NOT NULL,              -- 'motion' | 'reservation' | 'statement' | 'conflict' | 'vote'
  name       TEXT,
  name_key   TEXT,
  party      TEXT,
  detail     TEXT,                       -- a motion's kind (bifall, avslag, återremiss …); a vote cast (ja, nej, avstår); in whose favour a reservation was; a statement's text (at most 300 bytes, cut with '…') or where a written one is ('skrivelse från den 6 februari 2024')
  page       INTEGER
);
CREATE INDEX item_people_item ON item_people(item_rowid);
CREATE INDEX item_people_name ON item_people(name_key, part);
CREATE INDEX item_people_party ON item_people(party, part);

-- An item's vote: 'omröstning' (called for, counted when the counts are printed) or
-- 'acklamation' (propositions put, no vote called for).
CREATE TABLE item_votes (
  item_rowid  INTEGER PRIMARY KEY REFERENCES items(rowid) ON DELETE CASCADE,
  method      TEXT NOT NULL,
  ja          INTEGER,
  nej         INTEGER,
  avstar      INTEGER,
  franvarande INTEGER,
  page        INTEGER
);
-- @PEOPLE_END

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta(key, value) VALUES ('seq', '0');
INSERT INTO meta(key, value) VALUES ('terms', 'hunspell+compounds');
-- This catalogue's own id: the origin of the documents it reads (random, made once here).
-- ('clock', the time of the last change, is added by the first change.)
INSERT INTO meta(key, value) VALUES ('id', lower(hex(randomblob(16))));
