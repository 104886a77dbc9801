#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterShiftHandlers(HandlerTable&) {}

}  // namespace m86
