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

// The 286 set's revocation list: SHA-1 hashes (hex) of tests known to be bad.
class RevocationList {
 public:
  bool Load(const std::string& path, std::string* error);
  bool Contains(const std::string& hash_hex) const { return hashes_.count(hash_hex) != 0; }
  size_t size() const { return hashes_.size(); }

 private:
  std::unordered_set<std::string> hashes_;
};

}  // namespace m86::sst
