#include "cpu/interp/handlers.h"

namespace m86 {

void RegisterBcdHandlers(HandlerTable&) {}

}  // namespace m86
