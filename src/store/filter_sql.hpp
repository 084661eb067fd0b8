#pragma once

// The SQL of the filtered conversation list and of the user stats, shared by the SQLite and
// PostgreSQL adapters: one text with the dialect's placeholders ("?N" or "$N::type") and the
// values to bind, so both stores answer with the same rules.

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/domain.hpp"
#include "store/store.hpp"

namespace carevoice::store::sql {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::string, std::int64_t>;

// A statement and the values of its placeholders 1..N, in order.
struct Query {
  std::string text;
  std::vector<Value> params;
};

// Escapes `text` for LIKE ... ESCAPE '\' and wraps it in '%': a substring match.
std::string ContainsPattern(std::string_view text);

// The page of ListConversations: the user's conversations matching every set filter of `opts`,
// newest (created_at, then id) first. Without filters it is the plain index-ordered scan.
Query ListConversationsQuery(Dialect dialect, const std::string& user_id, const ListOptions& opts);

// The statements of GetUserStats, each read by the matching Read* below, in this order:
// summary, messages, companies, intents, days, hours. Run them in one snapshot.
std::array<Query, 6> UserStatsQueries(Dialect dialect, const std::string& user_id,
                                      const StatsFilter& filter);

// Readers of one row of each statement; `R` has Text/Int/Real(column).
template <class R>
void ReadSummary(const R& row, core::UserStats& stats) {
  stats.total_calls = static_cast<int>(row.Int(0));
  stats.average_duration = row.Real(1);
  stats.last_activity = row.Int(2);
  stats.positive = static_cast<int>(row.Int(3));
  stats.negative = static_cast<int>(row.Int(4));
  stats.urgent = static_cast<int>(row.Int(5));
  // Unknown sentiments count as neutral, as the old backend did.
  stats.neutral = stats.total_calls - stats.positive - stats.negative - stats.urgent;
  stats.escalated = static_cast<int>(row.Int(6));
  stats.rated = static_cast<int>(row.Int(7));
  stats.average_satisfaction = stats.rated > 0 ? row.Real(8) : 0.0;
}
template <class R>
void ReadMessageCount(const R& row, core::UserStats& stats) {
  stats.total_messages = static_cast<int>(row.Int(0));
}
template <class R>
void ReadCompany(const R& row, core::UserStats& stats) {
  stats.companies.push_back(row.Text(0));
  stats.company_counts.push_back({row.Text(0), static_cast<int>(row.Int(1))});
}
template <class R>
void ReadIntent(const R& row, core::UserStats& stats) {
  stats.top_intents.push_back({row.Text(0), static_cast<int>(row.Int(1))});
}
// Day numbers (days since 1970-01-01 in the filter's offset) become "YYYY-MM-DD".
std::string DayName(std::int64_t day);
template <class R>
void ReadDay(const R& row, core::UserStats& stats) {
  stats.per_day.push_back({DayName(row.Int(0)), static_cast<int>(row.Int(1))});
}
template <class R>
void ReadHour(const R& row, core::UserStats& stats) {
  const std::int64_t hour = row.Int(0);
  if (hour >= 0 && hour < 24)
    stats.hours[static_cast<std::size_t>(hour)] += static_cast<int>(row.Int(1));
}

// How many top intents the stats report.
inline constexpr int kTopIntents = 10;

}  // namespace carevoice::store::sql
