// SingleStepTests metadata.json: per opcode (and per ModRM reg field for group opcodes) the
// status of the vectors and the mask of the flags they define (NOTES.md, "Running a test").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace m86::sst {

enum class VectorStatus { kNormal, kUndocumented, kAlias, kExtension, kUndefined, kFpu, kPrefix };
const char* StatusName(VectorStatus s);
// Gating statuses decide the exit code; undefined ones are only reported; fpu/prefix are skipped.
inline bool IsGating(VectorStatus s) {
  return s == VectorStatus::kNormal || s == VectorStatus::kUndocumented ||
         s == VectorStatus::kAlias || s == VectorStatus::kExtension;
}
inline bool IsSkipped(VectorStatus s) {
  return s == VectorStatus::kFpu || s == VectorStatus::kPrefix;
}

struct OpcodeInfo {
  VectorStatus status = VectorStatus::kNormal;
  uint16_t flags_mask = 0xFFFF;
};

class Metadata {
 public:
  // Parses metadata.json; false with a message on error.
  bool Load(const std::string& path, std::string* error);
  // Info for a test file's key ("80.1", "0F01", "37"). `found` tells whether the file had one.
  OpcodeInfo Lookup(std::string_view key, bool* found) const;

 private:
  std::unordered_map<std::string, OpcodeInfo> entries_;  // "XX" or "XX.N"
};

// The key of a vector file: its name up to ".MOO" ("80.1.MOO.gz" -> "80.1"), upper-cased.
std::string FileKey(std::string_view file_name);

// A list of test hashes (SHA-1, hex), one a line, each optionally followed by a note; `#`
// starts a comment line. Used for the 286 set's revocation list and for expected failures.
class HashList {
 public:
  bool Load(const std::string& path, std::string* error);
  bool Contains(const std::string& hash_hex) const { return notes_.count(hash_hex) != 0; }
  const std::string& Note(const std::string& hash_hex) const { return notes_.at(hash_hex); }
  size_t size() const { return notes_.size(); }

 private:
  std::unordered_map<std::string, std::string> notes_;
};
using RevocationList = HashList;

}  // namespace m86::sst
