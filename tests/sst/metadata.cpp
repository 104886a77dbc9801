#include "tests/sst/metadata.h"

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>

namespace m86::sst {
namespace {

bool ParseStatus(const std::string& s, VectorStatus* out) {
  static const std::pair<const char*, VectorStatus> kNames[] = {
      {"normal", VectorStatus::kNormal},       {"undocumented", VectorStatus::kUndocumented},
      {"alias", VectorStatus::kAlias},         {"extension", VectorStatus::kExtension},
      {"undefined", VectorStatus::kUndefined}, {"fpu", VectorStatus::kFpu},
      {"prefix", VectorStatus::kPrefix}};
  for (const auto& [name, status] : kNames)
    if (s == name) {
      *out = status;
      return true;
    }
  return false;
}

bool ParseEntry(const nlohmann::json& j, const OpcodeInfo& inherited, OpcodeInfo* out,
                std::string* error, const std::string& key) {
  *out = inherited;
  if (!j.is_object()) {
    *error = "entry " + key + " is not an object";
    return false;
  }
  if (auto it = j.find("status"); it != j.end()) {
    if (!it->is_string() || !ParseStatus(it->get<std::string>(), &out->status)) {
      *error = "entry " + key + " has an unknown status";
      return false;
    }
  }
  if (auto it = j.find("flags-mask"); it != j.end()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() > 0xFFFF) {
      *error = "entry " + key + " has a bad flags-mask";
      return false;
    }
    out->flags_mask = static_cast<uint16_t>(it->get<uint64_t>());
  }
  return true;
}

}  // namespace

const char* StatusName(VectorStatus s) {
  switch (s) {
    case VectorStatus::kNormal: return "normal";
    case VectorStatus::kUndocumented: return "undocumented";
    case VectorStatus::kAlias: return "alias";
    case VectorStatus::kExtension: return "extension";
    case VectorStatus::kUndefined: return "undefined";
    case VectorStatus::kFpu: return "fpu";
    case VectorStatus::kPrefix: return "prefix";
  }
  return "?";
}

bool Metadata::Load(const std::string& path, std::string* error) {
  entries_.clear();
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = path + ": not valid JSON";
    return false;
  }
  auto ops = doc.find("opcodes");
  if (ops == doc.end() || !ops->is_object()) {
    *error = path + ": no \"opcodes\" object";
    return false;
  }
  for (auto it = ops->begin(); it != ops->end(); ++it) {
    const std::string key = FileKey(it.key());
    OpcodeInfo info;
    if (!ParseEntry(it.value(), OpcodeInfo{}, &info, error, key)) return false;
    entries_[key] = info;
    auto regs = it.value().find("reg");
    if (regs == it.value().end()) continue;
    if (!regs->is_object()) {
      *error = "entry " + key + ": \"reg\" is not an object";
      return false;
    }
    for (auto r = regs->begin(); r != regs->end(); ++r) {
      OpcodeInfo reg_info;
      const std::string reg_key = key + "." + r.key();
      if (!ParseEntry(r.value(), info, &reg_info, error, reg_key)) return false;
      entries_[reg_key] = reg_info;
    }
  }
  return true;
}

OpcodeInfo Metadata::Lookup(std::string_view key, bool* found) const {
  auto it = entries_.find(std::string(key));
  *found = it != entries_.end();
  return *found ? it->second : OpcodeInfo{};
}

std::string FileKey(std::string_view file_name) {
  if (size_t slash = file_name.find_last_of('/'); slash != std::string_view::npos)
    file_name.remove_prefix(slash + 1);
  std::string key;
  for (char ch : file_name) key.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  if (size_t moo = key.find(".MOO"); moo != std::string::npos) key.resize(moo);
  return key;
}

bool HashList::Load(const std::string& path, std::string* error) {
  notes_.clear();
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const size_t end = line.find_first_of(" \t\r", first);
    std::string hash = line.substr(first, end == std::string::npos ? std::string::npos : end - first);
    for (char& ch : hash) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string note;
    if (end != std::string::npos) {
      const size_t note_start = line.find_first_not_of(" \t", end);
      if (note_start != std::string::npos) note = line.substr(note_start);
    }
    notes_[hash] = note;
  }
  return true;
}

}  // namespace m86::sst
