#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterSystemHandlers(HandlerTable&) {}

}  // namespace m86
