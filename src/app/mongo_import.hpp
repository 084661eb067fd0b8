#pragma once

// `carevoice import-mongo DIR`: brings the old Node.js backend's MongoDB data into the Store.
//
// DIR holds `mongoexport --jsonArray` files (users.json, agents.json, conversations.json; any may
// be missing) in MongoDB Extended JSON, relaxed or canonical ({"$oid"}, {"$date"},
// {"$numberLong"}...). The old shapes are mapped onto today's:
// - users keep their ObjectId, e-mail (lower-cased) and bcryptjs hash ($2a$/$2b$/$2y$), so old
//   passwords still work;
// - agents: companyName (or company) -> company, companyInfo, prompts[]; README fields
//   (systemPrompt, responseStyle, settings) when present;
// - conversations: messages[] (system messages kept, each message keeps its _id, or gets one
//   derived from the conversation id and its position), metadata{duration, sentiment, created,
//   updated} -> analytics and times; the company is the old stats' rule (the first of its eight
//   companies named in the messages), else the agent's company.
// Idempotent: a record whose id is already stored is left alone (counted as unchanged), so a
// second run changes nothing. Every record it does not import is reported with the reason.

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::app {

struct ImportCounts {
  int read = 0;
  int imported = 0;
  int unchanged = 0;  // Already stored (a previous run).
  int skipped = 0;
};

struct ImportReport {
  ImportCounts users;
  ImportCounts agents;
  ImportCounts conversations;
  int messages_imported = 0;
  std::vector<std::string> skipped;  // "<file>[index] <id>: reason", one per skipped record.
  std::vector<std::string> notes;    // Imported with a change worth knowing about.
};

// Imports the dump in `dir` into `store`. Errors (kBadRequest) only for an unusable dump: no
// folder, a file that is not a JSON array, or no file at all; a bad record is skipped and reported.
// A store failure (kUnavailable...) stops the import; running it again resumes.
core::Result<ImportReport> ImportMongoDump(store::Store& store, const std::filesystem::path& dir);

// The report as the CLI prints it: counts per collection, then every skipped record and note.
std::string FormatImportReport(const ImportReport& report);

}  // namespace carevoice::app
