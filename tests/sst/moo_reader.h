// Reader for SingleStepTests MOO files (../shared/singlestep/NOTES.md, "File format"): a chunked
// little-endian format, usually gzip-compressed, holding one TEST chunk per vector.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace m86::sst {

// Register order of a REGS chunk's mask bits.
enum MooReg : uint8_t {
  kMooAx, kMooBx, kMooCx, kMooDx, kMooCs, kMooSs, kMooDs, kMooEs,
  kMooSp, kMooBp, kMooSi, kMooDi, kMooIp, kMooFlags, kMooRegCount
};
const char* MooRegName(int reg);

struct RamByte {
  uint32_t address;
  uint8_t value;
};

// A run of elements in one of MooFile's pools.
struct PoolRange {
  uint32_t first = 0, count = 0;
};

// INIT or FINA: the registers present (mask bit i set: regs[i] holds a value) and the RAM bytes.
struct MooState {
  uint16_t mask = 0;
  uint16_t regs[kMooRegCount] = {};
  PoolRange ram;
  bool Has(int reg) const { return (mask >> reg) & 1; }
};

struct MooTest {
  uint32_t index = 0;
  PoolRange name;   // into MooFile::text
  PoolRange bytes;  // into MooFile::code
  MooState init, final;
  bool has_exception = false;
  uint8_t exception_vector = 0;
  uint32_t exception_flag_address = 0;  // where the exception pushed the FLAGS image
  bool has_hash = false;
  std::array<uint8_t, 20> hash{};
};

// One parsed file. Variable-length parts live in flat pools so a file costs a handful of
// allocations, reused when the same object reads the next file.
struct MooFile {
  uint8_t version = 0;
  std::string cpu_name;  // "8086", "C286", ...
  uint32_t declared_count = 0;
  std::vector<MooTest> tests;
  std::vector<RamByte> ram;
  std::vector<uint8_t> code;
  std::string text;

  void Clear();
  std::string_view Name(const MooTest& t) const {
    return std::string_view(text).substr(t.name.first, t.name.count);
  }
  std::span<const uint8_t> Bytes(const MooTest& t) const {
    return std::span<const uint8_t>(code).subspan(t.bytes.first, t.bytes.count);
  }
  std::span<const RamByte> Ram(const MooState& st) const {
    return std::span<const RamByte>(ram).subspan(st.ram.first, st.ram.count);
  }
};

// Parses a decompressed MOO image into `out` (cleared first). Returns false with a message in
// `error` for a malformed image; never reads outside `data`.
bool ParseMoo(std::span<const uint8_t> data, MooFile* out, std::string* error);

// Reads a MOO file, gzip-compressed or plain, and parses it. `scratch` holds the decompressed
// image (kept between calls to avoid reallocating).
bool ReadMooFile(const std::string& path, MooFile* out, std::string* error,
                 std::vector<uint8_t>* scratch);

// Lower-case hex of a test's SHA-1, or "" when the test has none.
std::string HashHex(const MooTest& t);

}  // namespace m86::sst
