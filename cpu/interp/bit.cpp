#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterBitHandlers(HandlerTable&) {}

}  // namespace m86
