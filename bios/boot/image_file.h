// Reading a whole image file (a ROM, a kernel, an initrd) with the checks that make bad input a
// one-line error: missing, not a regular file, empty, or larger than the caller allows (judged
// from the size before anything is read, so a wrong file of gigabytes fails at once).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace m86 {

// `what` names the file in messages ("ROM image", "kernel"). False with `*error` set on failure.
bool ReadImageFile(const std::string& what, const std::string& path, uint64_t max_size,
                   std::vector<uint8_t>* out, std::string* error);

}  // namespace m86
