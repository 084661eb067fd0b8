#include "store/filter_sql.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "core/time.hpp"
#include "store/row_codec.hpp"

namespace carevoice::store::sql {
namespace {

constexpr std::int64_t kMsPerHour = 3'600'000;
constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

// Builds a WHERE clause: each Bind returns the placeholder of a new parameter.
class Builder {
 public:
  explicit Builder(Dialect dialect) : dialect_(dialect) {}

  std::string Bind(Value value) {
    const bool integer = std::holds_alternative<std::int64_t>(value);
    params_.push_back(std::move(value));
    const std::string n = std::to_string(params_.size());
    if (dialect_ == Dialect::kSqlite) return "?" + n;
    return "$" + n + (integer ? "::bigint" : "::text");
  }
  void And(const std::string& condition) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
  }
  // Case-insensitive substring match of `column` against the bound `pattern` placeholder.
  std::string Like(std::string_view column, const std::string& pattern) const {
    const char* op = dialect_ == Dialect::kSqlite ? " LIKE " : " ILIKE ";
    return std::string(column) + op + pattern + " ESCAPE '\\'";
  }
  const std::string& Where() const { return where_; }
  Query Finish(std::string text) const { return Query{std::move(text), params_}; }

 private:
  Dialect dialect_;
  std::string where_;
  std::vector<Value> params_;
};

constexpr const char* kIsTestFalse[] = {"c.is_test = 0", "NOT c.is_test"};

}  // namespace

std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

Query ListConversationsQuery(Dialect dialect, const std::string& user_id, const ListOptions& opts) {
  Builder b(dialect);
  const std::string user = b.Bind(user_id);
  const std::string limit = b.Bind(std::int64_t{std::clamp(opts.limit, 1, 1000)});
  const std::string offset = b.Bind(std::int64_t{std::max(opts.offset, 0)});
  b.And("c.user_id = " + user);
  if (opts.agent_id) b.And("c.agent_id = " + b.Bind(*opts.agent_id));
  if (opts.status) b.And("c.status = " + b.Bind(std::string(core::Name(*opts.status))));
  if (opts.sentiment) {
    if (*opts.sentiment == "neutral") {
      b.And("c.sentiment NOT IN ('positive', 'negative', 'urgent')");
    } else {
      b.And("c.sentiment = " + b.Bind(*opts.sentiment));
    }
  }
  if (opts.company) b.And("lower(c.company) = lower(" + b.Bind(*opts.company) + ")");
  if (opts.query) {
    const std::string pattern = b.Bind(ContainsPattern(*opts.query));
    b.And("(" + b.Like("c.title", pattern) +
          " OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND " +
          b.Like("m.content", pattern) + "))");
  }
  return b.Finish("SELECT " CV_CONVERSATION_COLUMNS " FROM conversations c" + b.Where() +
                  " ORDER BY c.created_at DESC, c.id DESC LIMIT " + limit + " OFFSET " + offset);
}

std::array<Query, 6> UserStatsQueries(Dialect dialect, const std::string& user_id,
                                      const StatsFilter& filter) {
  const char* not_test = kIsTestFalse[dialect == Dialect::kSqlite ? 0 : 1];
  const std::int64_t tz_ms = std::int64_t{filter.tz_offset_minutes} * 60'000;
  auto make = [&](std::string select, const std::string& from, const std::string& tail,
                  const std::vector<std::string>& extra, bool tz) {
    Builder b(dialect);
    std::string tz_param;
    if (tz) tz_param = b.Bind(tz_ms);
    b.And("c.user_id = " + b.Bind(user_id));
    b.And(not_test);
    if (filter.from) b.And("c.created_at >= " + b.Bind(*filter.from));
    if (filter.to) b.And("c.created_at < " + b.Bind(*filter.to));
    if (filter.agent_id) b.And("c.agent_id = " + b.Bind(*filter.agent_id));
    for (const std::string& e : extra) b.And(e);
    const std::string placeholder = "$TZ";
    if (tz) {
      for (std::size_t at = select.find(placeholder); at != std::string::npos;
           at = select.find(placeholder)) {
        select.replace(at, placeholder.size(), tz_param);
      }
    }
    return b.Finish("SELECT " + select + " FROM " + from + b.Where() + tail);
  };
  const std::string user_messages = "messages m JOIN conversations c ON c.id = m.conversation_id";
  return {
      make("COUNT(*), CAST(COALESCE(AVG(c.duration), 0) AS DOUBLE PRECISION), "
           "COALESCE(MAX(c.updated_at), 0), "
           "COALESCE(SUM(CASE WHEN c.sentiment = 'positive' THEN 1 ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN c.sentiment = 'negative' THEN 1 ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN c.sentiment = 'urgent' THEN 1 ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN c.status = 'escalated' OR EXISTS (SELECT 1 FROM messages h "
           "WHERE h.conversation_id = c.id AND h.role = 'human') THEN 1 ELSE 0 END), 0), "
           "COUNT(CASE WHEN c.satisfaction > 0 THEN 1 END), "
           "CAST(COALESCE(AVG(CASE WHEN c.satisfaction > 0 THEN c.satisfaction END), 0) "
           "AS DOUBLE PRECISION)",
           "conversations c", "", {}, false),
      make("COUNT(*)", user_messages, "", {"m.role <> 'system'"}, false),
      // Each company once, lower-cased, in the order the user first talked to it.
      make("lower(c.company), COUNT(*)", "conversations c",
           " GROUP BY lower(c.company) ORDER BY MIN(c.created_at), MIN(c.id)",
           {"c.company <> ''", "lower(c.company) <> 'general'"}, false),
      make("m.meta_intent, COUNT(*)", user_messages,
           " GROUP BY m.meta_intent ORDER BY COUNT(*) DESC, m.meta_intent LIMIT " +
               std::to_string(kTopIntents),
           {"m.role = 'user'", "m.meta_intent <> ''"}, false),
      make("(c.created_at + $TZ) / " + std::to_string(kMsPerDay) + " AS bucket, COUNT(*)",
           "conversations c", " GROUP BY bucket ORDER BY bucket", {}, true),
      make("((m.timestamp + $TZ) / " + std::to_string(kMsPerHour) + ") % 24 AS bucket, COUNT(*)",
           user_messages, " GROUP BY bucket ORDER BY bucket", {"m.role = 'user'"}, true),
  };
}

std::string DayName(std::int64_t day) { return core::ToIso8601(day * kMsPerDay).substr(0, 10); }

}  // namespace carevoice::store::sql
