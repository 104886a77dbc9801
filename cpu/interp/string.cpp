#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterStringHandlers(HandlerTable&) {}

}  // namespace m86
