// The SQLite catalogue: open and migrate, store a document, record failures, search, export.
//
// One Catalogue object per thread (it owns one connection). Writes are one transaction per
// document; the file is in WAL mode with a busy timeout, so readers never see a half-stored
// document and a second writer waits rather than fails. All methods report failure as Status;
// none throws.
#ifndef PROTOKOLL_CATALOGUE_CATALOGUE_H_
#define PROTOKOLL_CATALOGUE_CATALOGUE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/status.h"
#include "catalogue/terms.h"
#include "extractors/item.h"

namespace protokoll::catalogue {

// How a page's text was obtained.
// kEmpty: a page with no ink worth reading (an empty verso, a fly-leaf), found before any OCR.
enum class PageSource { kText, kPdf, kOcr, kNone, kEmpty };
const char* PageSourceName(PageSource s);

// A rectangle of a page image, in its pixels (origin top left).
struct WordBox {
  int left = 0, top = 0, width = 0, height = 0;
  bool operator==(const WordBox&) const = default;
};

struct OcrLineRecord {
  double confidence = 0;
  int left = 0, top = 0, width = 0, height = 0;
  std::string text;
  // Where Tesseract saw each word of `text` (split at spaces), in the same pixels as the line
  // box; empty when not recorded (catalogues made before schema 8).
  std::vector<WordBox> words;
};

// The word boxes as stored in ocr_lines.words: four integers a word (left top width height),
// separated by spaces. Decoding text that is not such a list (or empty) gives no boxes.
std::string EncodeWordBoxes(const std::vector<WordBox>& boxes);
std::vector<WordBox> DecodeWordBoxes(const std::string& text);

struct StoredPage {
  int number = 1;
  PageSource source = PageSource::kText;
  std::optional<double> ocr_confidence;  // 0–1, OCR'd pages only
  std::string text;                      // clean text of the page
  std::string ocr_variant;               // OCR'd pages: how the page was read
  std::vector<OcrLineRecord> ocr_lines;  // OCR'd pages: each line read, with its confidence
  int image_width = 0, image_height = 0;  // OCR'd pages: the page image's size (0: unknown)
};

struct PageProblem {
  int page = 0;
  std::string stage, reason;
};

struct StoredItem {
  extractors::ItemFields fields;
  std::string source;  // dominant page source over the item's pages
  std::optional<double> ocr_confidence;
};

// How far a document's reading can be trusted, for `protokoll review` (worst first).
struct DocumentQuality {
  int items = 0, meetings = 0;
  bool unsegmented = false;   // no § found: stored one item per page
  std::string header_style;   // the style the segmenter chose ("sign", "bare number" …)
  int numbering_gaps = 0;     // missing numbers inside a meeting's run
  int numbering_restarts = 0; // numbering that dropped back (a new meeting, or an error)
  double share_title = 0, share_dnr = 0, share_decision = 0;  // of items with one
  std::optional<double> ocr_confidence;  // mean over OCR'd pages
  double score = 1;           // 0 (surely wrong) … 1 (nothing suspicious)
  std::string reasons;        // what lowered the score, and the segmenter's choices; one a line
};

// A file's path as the catalogue keeps it: `path` as given to ingest when it is UTF-8 (as every
// path was before), else its bytes escaped as EscapePath gives them (catalogue/status.h) with
// the bytes themselves in a column of their own (documents.path_bytes, failures.path_bytes), so
// that the record names the file exactly and the text shows it on one line.
std::string PathText(const std::string& path);

struct StoredDocument {
  std::string path, sha256, format, encoding;  // path: raw bytes, as given to ingest
  long long size = 0;
  std::string body, meeting_date;  // protocol head
  // The kommun, stad, socken … that kept the protocol (arkivbildare): read from its head, or set
  // for its folder at ingest; empty when unknown.
  std::string municipality;
  std::vector<StoredPage> pages;
  std::vector<StoredItem> items;
  std::vector<PageProblem> problems;
  DocumentQuality quality;
  bool replace_existing = false;  // store again even if these bytes are stored (a retry)
  // A document too long to hold at once (a text of hundreds of megabytes) is stored in parts, in
  // order, each with its share of pages (numbered through the document), items and problems:
  // `part` 1, 2, … (0: the whole document at once). Part 1 makes the document's row as a whole
  // document does; each later part adds to it, its items numbered on; the last (`last_part`)
  // sets the document's quality, summed over the parts by the caller. The caller keeps one
  // transaction open over all parts (BeginBatch … EndBatch), so that no reader sees half of it.
  int part = 0;
  bool last_part = true;
  int page_count = 0;  // pages of the whole document when stored in parts (0: pages.size())
};

struct Failure {
  std::string path, sha256, stage, reason, failed_at;  // path: PathText, for showing
  int attempts = 0;
  std::string file;  // the path's bytes, to open the file again
};

struct SearchOptions {
  std::string query;  // user text; every token is quoted before it reaches FTS5
  int limit = 20;
  std::optional<int> year_from, year_to;  // meeting year
  std::string body;                       // organ: each word a part of its name, any case
  std::string dnr;                        // diarienummer, any written form
  std::string municipality;               // each word a part of the municipality's name, any case
  std::optional<double> min_amount, max_amount;
  std::string date_from, date_to;  // meeting date, ISO
  // Ranking covers at most this many matches (0: all of them): those of the newest meetings
  // (by meeting date, then by document and place in it at the edge — never by storage order, so
  // any catalogue of the same items answers alike). A word found in hundreds of thousands of
  // items would otherwise take a second to rank. Equal scores come in the same stable order.
  int rank_window = 2000;
  int offset = 0;         // paging: skip this many hits
  bool by_date = false;   // newest meeting first instead of by relevance
  std::string source;     // "ocr": only items read by OCR; "text": only the others; "": all
  bool summarize = false; // fill SearchStats' total and facets (one more pass over the matches)
  std::string mark_open = "[", mark_close = "]";  // around the hits in snippets
  // Who decided, and how: items that went to a vote (omröstning); items someone (a name, each
  // word a part of it, any case) or a party ("SD", "fp", "Moderaterna") reserved themselves
  // against, or moved something in; items of meetings a person attended.
  bool vote = false;
  std::string reserved_by, moved_by, present;
  bool PeopleFiltered() const { return vote || !reserved_by.empty() || !moved_by.empty() || !present.empty(); }

  // Any filter given (years, body, municipality, diarienummer, amounts, dates, source).
  bool Filtered() const {
    return year_from || year_to || !date_from.empty() || !date_to.empty() || !body.empty() || !dnr.empty() ||
           !municipality.empty() || min_amount || max_amount || !source.empty() || PeopleFiltered();
  }
};

struct SearchStats {
  bool window_full = false;  // more matches than rank_window: the newest meetings' were ranked
  bool in_memory = false;    // filters and facets read from the in-memory columns
  bool from_term_lists = false;  // the words' matches read from the in-memory lists (KeepTermIndex)
  long long total = -1;      // with SearchOptions::summarize: all matches
  std::string note;          // why nothing can match ("no word to search for in the query")
  std::vector<std::pair<std::string, long long>> by_body;    // matches per body, most first
  std::vector<std::pair<std::string, long long>> by_decade;  // "1990" → matches, by decade
  std::vector<std::pair<std::string, long long>> by_municipality;  // matches per municipality, most first
  // The parties of the matches' movers and reservers: matches in which a party (by its code, as
  // SearchOptions::moved_by and reserved_by take it) moved something, or reserved itself; most
  // first. People without a party are not counted.
  std::vector<std::pair<std::string, long long>> by_party_moved, by_party_reserved;
};

struct SearchHit {
  std::string id;
  int paragraph = 0;
  std::string paragraph_label, path, sha256, body, meeting_date, title, snippet, municipality, source;
  int page_start = 0, page_end = 0;
  double score = 0;
};

struct ExportBatch {
  std::vector<std::string> records;  // JSON lines, in (seq, ordinal) order
  std::vector<std::string> removed;  // ids removed since the cursor
  long long cursor = 0;              // pass to the next export's --since
  // The time of the last change this export saw ("" when the catalogue never changed): as good
  // a cursor as `cursor` (change times in a catalogue only increase, merges included).
  std::string time_cursor;
};

class Catalogue {
 public:
  ~Catalogue();
  Catalogue(Catalogue&&) noexcept;
  Catalogue& operator=(Catalogue&&) noexcept;

  // Opens (creating if needed) and migrates the catalogue at `path`.
  static Result<Catalogue> Open(const std::string& path);

  // True when a document with these bytes is already stored.
  Result<bool> HasDocument(const std::string& sha256);
  // Stores a document and its items in one transaction; a previous document at the same path
  // with other bytes is replaced; any failure recorded for the path is cleared. Inside a batch
  // the document is a savepoint of the batch's transaction: all of it or none of it, and
  // written to disk with the batch.
  Status StoreDocument(const StoredDocument& doc);
  // A batch: the documents stored (and failures recorded) until EndBatch are committed in one
  // transaction. Many small documents then pay for one commit (and one flush of the full-text
  // index's new segment) instead of one each. If EndBatch fails, none of them is stored.
  Status BeginBatch();
  Status EndBatch();
  // Rolls the open batch back: none of it is stored (a document stored in parts that cannot be
  // finished takes its batch with it).
  void AbortBatch();
  bool InBatch() const;
  // Records (or updates) a failure for `path`.
  Status RecordFailure(const std::string& path, const std::string& sha256, const Status& why);
  Result<std::vector<Failure>> Failures();
  // Pages of stored documents that could not be read (failed OCR, broken page image …).
  struct PageFailure {
    std::string path;  // PathText, for showing
    int page = 0;
    std::string stage, reason;
    std::string file;  // the path's bytes, to open the file again
  };
  Result<std::vector<PageFailure>> PageFailures();

  Result<std::vector<SearchHit>> Search(const SearchOptions& options, SearchStats* stats = nullptr);
  // Records by item id, or by diarienummer (any written form: "KS 2017/73", "Ks2017/0073").
  Result<std::vector<std::string>> Show(const std::string& id_or_dnr);
  // Items changed since `since_seq` (0: all) or since an ISO time (`since_time` non-empty; a
  // date, or a time with or without seconds, fraction and zone; no zone is UTC): changed in this
  // catalogue after it — a merged item changed when it was merged, not when its shard read it.
  // An error when `since_time` is no ISO time.
  Result<ExportBatch> Export(long long since_seq, const std::string& since_time);

  // Starts loading the Swedish dictionary in the background (~0.3 s), so that the first store
  // does not wait for it. Optional: the first store loads it otherwise.
  void PrepareSearchTerms();
  // Waits until the dictionary the stores need is loaded (started by PrepareSearchTerms, else
  // loaded here): a writer calls it before taking a lock others wait on.
  void AwaitSearchTerms();
  // Loads the dictionary that query words unknown to the catalogue are looked up in (shared by
  // the process's connections), so that the first search does not wait for it.
  void PrepareQueryTerms();
  // Keeps what the filters and facets read for every item in memory, shared by the process's
  // connections to this file and brought up to date before each search (catalogue/columns.h):
  // for a long-running process (the web server), where it makes filtered and summarized
  // searches an array lookup per match. Reads every item's narrow filter row the first time
  // (≈ 0.3 s per million items); returns how many items the copy holds.
  Result<long long> KeepFilterColumns();
  // With KeepFilterColumns, for a long-running process: keeps the common words' match lists in
  // memory too (catalogue/postings.h), shared by the process's connections to this file. A
  // search whose words are single words (no phrase, no diarienummer filter) is then answered
  // from them and the columns: the same answer as FTS5's, without reading FTS5's doclists a row
  // at a time. A list not held is read from FTS5 when a search needs it (and kept when long).
  void KeepTermIndex();
  // Reads the lists of the catalogue's common words (found in at least `min_items` items, up to
  // `budget_bytes` in all) if the catalogue changed since they were read, or they never were
  // (`stale_only` false: in any case). Until then searches are answered as without them. Stops
  // early, holding what it had, when `cancel` becomes true.
  struct TermIndexStats {
    bool read = false;  // false: the lists were current, nothing was read
    long long seq = 0, items = 0, sampled = 0, candidates = 0, terms = 0, postings = 0;
    size_t bytes = 0;
    double ms = 0;
  };
  Result<TermIndexStats> WarmTermIndex(long long min_items, size_t budget_bytes, bool stale_only = true,
                                       const std::atomic<bool>* cancel = nullptr);
  // The lists file (catalogue/mapped.h): the filter columns (brought up to date here) and the
  // term lists this process holds (WarmTermIndex first), written beside the catalogue
  // (`CATALOGUE.lists`, replaced whole) for its present state. An error when the term lists
  // belong to another state (read them again first) or the file cannot be written.
  struct ListsFileStats {
    std::string path;
    long long seq = 0, items = 0, terms = 0;
    unsigned long long bytes = 0;
    double ms = 0;
  };
  Result<ListsFileStats> WriteListsFile();
  // Maps the lists file when it belongs to this catalogue at its present state: searches are
  // then answered from it as with KeepFilterColumns and KeepTermIndex (the common words' lists
  // as they were when it was written; any other list read from FTS5 as needed). False, and
  // nothing changed, when there is no such file or it belongs to another catalogue or state (a
  // change since: it is then ignored); an error, nothing changed, when it is damaged.
  Result<bool> UseListsFile();

  // How search terms are made (default: Hunspell base forms and compound parts). With `reindex`
  // every stored item's terms are made again; used to measure the alternatives.
  Status SetTermsMode(TermsMode mode, bool reindex);

  // The archivist's work list: documents whose reading is most likely wrong first, each with
  // its weakest items (file, page, what is missing).
  struct ReviewItem {
    std::string id, label, title, problem;
    int page = 0;
  };
  struct ReviewDocument {
    std::string path, sha256;
    DocumentQuality quality;
    std::vector<ReviewItem> items;
  };
  Result<std::vector<ReviewDocument>> Review(int limit, int items_per_document);
  // The work list a page at a time, narrowed: a score at most `max_score`, the header style
  // the segmenter chose ("sign", "bare number" …), an organ (any part of its name, any case).
  struct ReviewFilter {
    int limit = 50, offset = 0, items_per_document = 5;
    std::optional<double> max_score;
    std::string style, body;
  };
  Result<std::vector<ReviewDocument>> Review(const ReviewFilter& f, long long* total = nullptr);

  // A person's correction of one field of an item (`field`: title, diarienummer, decision,
  // amounts, dates, meeting_date, body, not_an_item; `value_json`: a JSON string, null, an
  // array of strings — diarienummer as written, dates ISO — an array of numbers for amounts,
  // or true/false for not_an_item). Kept apart from the extracted value, applied at once in
  // search, show and export, and again after any re-ingest of the item.
  struct Correction {
    std::string item_id, field, value_json, author, note, created_at;
    long long id = 0;
  };
  Status Correct(const Correction& c);
  // Every correction of an item, oldest first (the history).
  Result<std::vector<Correction>> Corrections(const std::string& item_id);
  // The item's record as extracted, before any correction; empty if there is no such item.
  Result<std::string> ExtractedRecord(const std::string& item_id);

  // What the web pages show of one document: found by the first 16 hex digits of its SHA-256
  // (as item ids begin) or the whole; nullopt when there is no such document.
  struct DocumentItem {
    std::string id, label, title;
    int page_start = 0, page_end = 0, meeting = 1;
    bool hidden = false;
  };
  struct DocumentPage {
    int number = 0;
    std::string source;
    std::optional<double> ocr_confidence;
    std::string ocr_variant;  // "psm3+eng§+turned180": how OCR read it (a turned page's boxes are turned)
  };
  struct DocumentView {
    std::string path, sha256, format, body, meeting_date, ingested_at, municipality;  // path: PathText
    std::string file;  // the path's bytes, to open the file again
    int pages = 0;
    std::vector<DocumentPage> page_list;
    std::vector<DocumentItem> items;  // in document order
    std::vector<PageProblem> problems;
    std::optional<DocumentQuality> quality;
  };
  Result<std::optional<DocumentView>> Document(const std::string& sha_or_prefix);
  // The lines OCR read on a page, with their boxes and their words' boxes (pixels of the page
  // image OCR read: a PDF page rendered at IngestOptions::dpi, 300).
  Result<std::vector<OcrLineRecord>> OcrLines(const std::string& sha256, int page);

  // What a searchable PDF of a document is made from: the stored file's identity and, for
  // every page, how its text was read and, for OCR'd pages, the lines with their word boxes.
  // The lines are OCR's reading as stored at ingest: corrections of items do not change them.
  struct TextLayerPage {
    int number = 0;
    PageSource source = PageSource::kNone;
    int image_width = 0, image_height = 0;  // 0: not recorded (before schema 8)
    std::vector<OcrLineRecord> lines;
    std::string ocr_variant;  // "+turnedN": OCR read the page turned N° clockwise, boxes in that image
  };
  struct TextLayer {
    std::string path, sha256, format;
    std::vector<TextLayerPage> pages;  // every page of the document, in order
  };
  // By the first 16 hex digits of the SHA-256 or the whole (as Document); nullopt when there is
  // no such document.
  Result<std::optional<TextLayer>> DocumentTextLayer(const std::string& sha_or_prefix);
  // The SHA-256 of every document with at least one OCR'd page, in path order.
  Result<std::vector<std::string>> ScannedDocuments();

  // The change number (seq) the newest stored document at `path` took, 0 when none is stored:
  // the supervisor tells a file a crashed reader had just stored in this run from one stored before.
  Result<long long> DocumentSeqAtPath(const std::string& path);
  // The highest change number any document took (0: none).
  Result<long long> LastDocumentSeq();
  // How many items the document at `path` holds (its newest stored reading).
  Result<long long> ItemsAtPath(const std::string& path);

  // Sets the municipality of a stored document (a folder's override given at a later ingest of
  // the same bytes): its record, filter row and search words follow, its items count as changed
  // for export --since. False when it already had that municipality or there is no such
  // document.
  Result<bool> SetMunicipality(const std::string& sha256, const std::string& municipality);

  // Twins: the same items of the same meeting read from another file — a scan and a text PDF of
  // one protocol. An item's twins are items of other documents read the other way (OCR against
  // a text layer or a text file) with the same organ (folded), the same meeting date, the same §
  // number and letter, and the same title once case, spaces and punctuation are set aside
  // ("Lokalförsörjnings plan" = "Lokalförsörjningsplan") — as both read now, or as both were
  // extracted (a title corrected on one leaves them twins). Found when asked, from what is
  // stored, so they follow every re-ingest, correction and merge. Hidden items have none.
  struct Twin {
    std::string id, path, sha256, source;  // source: "ocr", "pdf" or "text"
  };
  Result<std::vector<Twin>> Twins(const std::string& item_id);

  // Joins another catalogue (a shard of a cluster job) into this one, in one transaction: a
  // killed merge leaves this catalogue as it was, and running it again goes on where it
  // stopped. Documents already here (same SHA-256) are skipped; a document whose path is here
  // with other bytes replaces it when it was ingested later. Everything of a new document comes
  // along — pages (with their image sizes), OCR lines (with their word boxes), page problems,
  // quality record, items with their fields, search rows (FTS), filter tokens — and the shard's
  // vocabulary, corrections and failures. Item ids
  // are the same as a single ingest gives; the merged items get a new change counter, so
  // `export --since` cursors of this catalogue stay meaningful.
  struct MergeStats {
    long long documents = 0, items = 0, skipped = 0, replaced = 0, failures = 0;
  };
  Result<MergeStats> Merge(const std::string& shard_path);
  // Several shards, in the order given, with the result of each: the same as merging them one
  // after another, done in groups that share a transaction (see merge.cc).
  std::vector<Result<MergeStats>> MergeAll(const std::vector<std::string>& shard_paths);

  struct Counts {
    long long documents = 0, items = 0, pages = 0, failures = 0;
  };
  Result<Counts> Stats();

  // Votes and reservations per organ and meeting year (`protokoll stats --votes`): the items,
  // how many went to a vote (omröstning called for) and how many of those have their counts
  // printed, and the reservations per party (a person without a party counts under "").
  // Items marked "not an item" are left out. Ordered by organ, then year (unknown years last).
  struct VoteStatsRow {
    std::string body;         // the organ as printed; empty when unknown
    std::optional<int> year;  // of the meeting
    long long items = 0, votes = 0, counted = 0, reservations = 0;
    std::vector<std::pair<std::string, long long>> reservations_by_party;  // most first
  };
  Result<std::vector<VoteStatsRow>> VoteStats();

  // Everything a person did across the catalogue (the web's person page): the items they moved
  // something in, voted on in a roll call, reserved themselves against, declared jäv in, and the
  // meetings they attended (as chair, secretary, adjuster too). `who` is matched as the search
  // filters (SearchOptions::moved_by, reserved_by, present) match it: each word a part of the
  // name, any case; a party ("SD", "Moderaterna") by its code. Items marked "not an item" are
  // left out. Newest meeting first; at most `limit` item rows and `limit` attendance rows (0:
  // all). An empty `who` is an error.
  struct PersonRow {
    std::string part;           // motion | vote | reservation | conflict | present | chair | secretary | adjuster
    std::string name;           // as written
    std::string party;          // the party's code; empty when none
    std::string party_written;  // as printed, where the catalogue keeps it (attendance); else empty
    std::string detail;         // the motion's kind, the vote cast, in whose favour, the role
    int page = 0;               // 0: unknown
    // The item; for attendance the meeting's first item.
    std::string item_id, label, title, body, meeting_date, municipality, sha256;
  };
  Result<std::vector<PersonRow>> PersonActivity(const std::string& who, int limit = 0);

 private:
  struct Impl;
  explicit Catalogue(std::unique_ptr<Impl> impl);
  Status MergeOne(const std::string& schema, const std::string& shard_path, MergeStats& st);
  std::unique_ptr<Impl> impl_;
};

// FTS5 query text from user input: every word quoted (so operators, quotes, '*', '-' and
// emoji are literal), a "quoted phrase" kept as a phrase. Empty when there is nothing to match.
// With `terms`, each single word also matches its base forms in the search-term columns.
std::string FtsQuery(const std::string& user_query, SwedishTerms* terms = nullptr);

// The export record of an item (DESIGN.md), as one line of JSON.
std::string ExportRecord(const StoredDocument& doc, const StoredItem& item, const std::string& id);

// The CSV form of export records (RFC 4180, CRLF): the header line, and one record's row.
// Lists are joined with "; " (diarienummer by their normalized form, amounts in kronor).
std::string ExportCsvHeader();
std::string ExportCsvRow(const std::string& record_json);

// The CSV of VoteStats (`protokoll stats --votes`, the web's /stats/votes.csv): RFC 4180,
// CRLF, a header line and a row per organ and year.
std::string VoteStatsCsv(const std::vector<Catalogue::VoteStatsRow>& rows);

// The item's id: the document's first 16 hex digits of SHA-256, '-', the § number and its
// letter ("…-39", "…-3a"); items of a file's second and later meetings "…-m2-5"; a page of an
// unsegmented document "…-p3". Ids of single-meeting documents are as they always were.
std::string ItemId(const std::string& sha256, const extractors::ItemFields& f);

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_CATALOGUE_H_
