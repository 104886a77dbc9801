#include "translator/categories.h"

#include <sstream>

namespace m86 {
namespace {

constexpr const char* kNames[] = {"move", "alu", "branch", "stack", "mem", "cond", "shift", "mul"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(JitCategory::kCount));

}  // namespace

bool ParseJitCategories(const std::string& list, JitCategorySet* out, std::string* error) {
  JitCategorySet set = 0;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (name.empty()) continue;
    if (name == "all") {
      set = (JitCategorySet{1} << static_cast<int>(JitCategory::kCount)) - 1;
      continue;
    }
    bool found = false;
    for (size_t i = 0; i < static_cast<size_t>(JitCategory::kCount); ++i)
      if (name == kNames[i]) set |= Bit(static_cast<JitCategory>(i)), found = true;
    if (!found) {
      *error = "unknown JIT category '" + name + "' (known: " + JitCategoryNames() + ", all)";
      return false;
    }
  }
  *out = set;
  return true;
}

std::string JitCategoryNames() {
  std::string s;
  for (const char* n : kNames) {
    if (!s.empty()) s += ',';
    s += n;
  }
  return s;
}

}  // namespace m86
