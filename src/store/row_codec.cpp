#include "store/row_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace carevoice::store::codec {
namespace {

core::Error Corrupt(std::string_view what) {
  return core::Error::Internal("Corrupt " + std::string(what) + " column in the database");
}

Result<boost::json::array> ParseArray(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return Corrupt(what);
  return std::move(value.as_array());
}

Result<std::vector<std::string>> StringsFromJsonArray(const boost::json::array& array,
                                                      std::string_view what) {
  std::vector<std::string> strings;
  strings.reserve(array.size());
  for (const boost::json::value& v : array) {
    if (!v.is_string()) return Corrupt(what);
    strings.emplace_back(v.as_string());
  }
  return strings;
}

}  // namespace

std::string StringsToJson(const std::vector<std::string>& strings) {
  boost::json::array array;
  array.reserve(strings.size());
  for (const std::string& s : strings) array.emplace_back(s);
  return boost::json::serialize(array);
}

Result<std::vector<std::string>> StringsFromJson(const std::string& text, std::string_view what) {
  Result<boost::json::array> array = ParseArray(text, what);
  if (!array) return array.error();
  return StringsFromJsonArray(*array, what);
}

std::string KnowledgeToJson(const std::vector<core::KnowledgeItem>& items) {
  boost::json::array array;
  array.reserve(items.size());
  for (const core::KnowledgeItem& item : items) {
    array.emplace_back(boost::json::object{{"question", item.question}, {"answer", item.answer}});
  }
  return boost::json::serialize(array);
}

Result<std::vector<core::KnowledgeItem>> KnowledgeFromJson(const std::string& text) {
  Result<boost::json::array> array = ParseArray(text, "agents.knowledge");
  if (!array) return array.error();
  std::vector<core::KnowledgeItem> items;
  items.reserve(array->size());
  for (const boost::json::value& v : *array) {
    const boost::json::object* o = v.if_object();
    const boost::json::value* question = o != nullptr ? o->if_contains("question") : nullptr;
    const boost::json::value* answer = o != nullptr ? o->if_contains("answer") : nullptr;
    if (question == nullptr || answer == nullptr || !question->is_string() ||
        !answer->is_string()) {
      return Corrupt("agents.knowledge");
    }
    items.push_back({std::string(question->as_string()), std::string(answer->as_string())});
  }
  return items;
}

std::string IntentsToJson(const std::vector<core::CustomIntent>& intents) {
  boost::json::array array;
  array.reserve(intents.size());
  for (const core::CustomIntent& intent : intents) {
    boost::json::array examples;
    for (const std::string& e : intent.examples) examples.emplace_back(e);
    boost::json::object o{{"name", intent.name}, {"examples", std::move(examples)}};
    if (!intent.reply.empty()) o["reply"] = intent.reply;
    if (!intent.action.empty()) o["action"] = intent.action;
    array.emplace_back(std::move(o));
  }
  return boost::json::serialize(array);
}

Result<std::vector<core::CustomIntent>> IntentsFromJson(const std::string& text) {
  Result<boost::json::array> array = ParseArray(text, "agents.intents");
  if (!array) return array.error();
  std::vector<core::CustomIntent> intents;
  intents.reserve(array->size());
  for (const boost::json::value& v : *array) {
    const boost::json::object* o = v.if_object();
    const boost::json::value* name = o != nullptr ? o->if_contains("name") : nullptr;
    const boost::json::value* examples = o != nullptr ? o->if_contains("examples") : nullptr;
    if (name == nullptr || examples == nullptr || !name->is_string() || !examples->is_array()) {
      return Corrupt("agents.intents");
    }
    Result<std::vector<std::string>> list =
        StringsFromJsonArray(examples->as_array(), "agents.intents");
    if (!list) return list.error();
    core::CustomIntent intent{std::string(name->as_string()), std::move(*list), {}, {}};
    if (const boost::json::value* r = o->if_contains("reply"); r != nullptr && r->is_string()) {
      intent.reply = std::string(r->as_string());
    }
    if (const boost::json::value* a = o->if_contains("action"); a != nullptr && a->is_string()) {
      intent.action = std::string(a->as_string());
    }
    intents.push_back(std::move(intent));
  }
  return intents;
}

}  // namespace carevoice::store::codec
