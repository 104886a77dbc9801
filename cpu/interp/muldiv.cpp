#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterMulDivHandlers(HandlerTable&) {}

}  // namespace m86
