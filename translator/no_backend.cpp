// Hosts without a translator backend: every block runs in the interpreter.
#include "translator/backend.h"

namespace m86 {

std::unique_ptr<Backend> MakeHostBackend() { return nullptr; }

}  // namespace m86
