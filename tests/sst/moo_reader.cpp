#include "tests/sst/moo_reader.h"

#include <zlib.h>

#include <cstring>

namespace m86::sst {
namespace {

constexpr const char* kRegNames[kMooRegCount] = {"ax", "bx", "cx", "dx", "cs", "ss", "ds",
                                                 "es", "sp", "bp", "si", "di", "ip", "flags"};

// Bounds-checked little-endian reading of one chunk's payload.
class Cursor {
 public:
  Cursor(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  size_t left() const { return n_ - pos_; }
  bool ok() const { return ok_; }
  const uint8_t* here() const { return p_ + pos_; }
  bool Skip(size_t n) {
    if (n > left()) return ok_ = false;
    pos_ += n;
    return true;
  }
  uint32_t U(int bytes) {
    if (static_cast<size_t>(bytes) > left()) {
      ok_ = false;
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint32_t{p_[pos_ + i]} << (8 * i);
    pos_ += bytes;
    return v;
  }
  // The next chunk: tag and payload. False at the end or when the chunk overruns the data.
  bool NextChunk(char tag[5], Cursor* payload) {
    if (left() == 0) return false;
    if (left() < 8) return ok_ = false;
    std::memcpy(tag, here(), 4);
    tag[4] = 0;
    pos_ += 4;
    const uint32_t len = U(4);
    if (len > left()) return ok_ = false;
    *payload = Cursor(here(), len);
    pos_ += len;
    return true;
  }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
  bool ok_ = true;
};

bool Fail(std::string* error, const std::string& what, size_t test) {
  *error = what + " (test " + std::to_string(test) + ")";
  return false;
}

bool ParseState(Cursor c, MooFile* f, MooState* st, std::string* error, size_t test) {
  char tag[5];
  Cursor sub(nullptr, 0);
  while (c.NextChunk(tag, &sub)) {
    if (std::strcmp(tag, "REGS") == 0) {
      st->mask = static_cast<uint16_t>(sub.U(2));
      if (st->mask >> kMooRegCount) return Fail(error, "REGS mask names unknown registers", test);
      for (int r = 0; r < kMooRegCount; ++r)
        if (st->Has(r)) st->regs[r] = static_cast<uint16_t>(sub.U(2));
      if (!sub.ok()) return Fail(error, "REGS chunk too short", test);
    } else if (std::strcmp(tag, "RAM ") == 0) {
      const uint32_t count = sub.U(4);
      if (!sub.ok() || uint64_t{count} * 5 > sub.left())
        return Fail(error, "RAM chunk too short", test);
      st->ram.first = static_cast<uint32_t>(f->ram.size());
      st->ram.count = count;
      for (uint32_t i = 0; i < count; ++i) {
        const uint32_t addr = sub.U(4);
        f->ram.push_back(RamByte{addr, static_cast<uint8_t>(sub.U(1))});
      }
    }
    // QUEU (prefetch queue) and unknown sub-chunks carry nothing a functional core checks.
  }
  if (!c.ok()) return Fail(error, "state chunk overruns its parent", test);
  return true;
}

bool ParseTest(Cursor c, MooFile* f, std::string* error) {
  const size_t n = f->tests.size();
  MooTest t;
  t.index = c.U(4);
  if (!c.ok()) return Fail(error, "TEST chunk too short", n);
  bool have_init = false, have_final = false, have_bytes = false;
  char tag[5];
  Cursor sub(nullptr, 0);
  while (c.NextChunk(tag, &sub)) {
    if (std::strcmp(tag, "NAME") == 0) {
      const uint32_t len = sub.U(4);
      if (!sub.ok() || len > sub.left()) return Fail(error, "NAME chunk too short", n);
      t.name = PoolRange{static_cast<uint32_t>(f->text.size()), len};
      f->text.append(reinterpret_cast<const char*>(sub.here()), len);
    } else if (std::strcmp(tag, "BYTS") == 0) {
      const uint32_t len = sub.U(4);
      if (!sub.ok() || len > sub.left()) return Fail(error, "BYTS chunk too short", n);
      t.bytes = PoolRange{static_cast<uint32_t>(f->code.size()), len};
      f->code.insert(f->code.end(), sub.here(), sub.here() + len);
      have_bytes = true;
    } else if (std::strcmp(tag, "INIT") == 0) {
      if (!ParseState(sub, f, &t.init, error, n)) return false;
      have_init = true;
    } else if (std::strcmp(tag, "FINA") == 0) {
      if (!ParseState(sub, f, &t.final, error, n)) return false;
      have_final = true;
    } else if (std::strcmp(tag, "EXCP") == 0) {
      t.exception_vector = static_cast<uint8_t>(sub.U(1));
      t.exception_flag_address = sub.U(4);
      if (!sub.ok()) return Fail(error, "EXCP chunk too short", n);
      t.has_exception = true;
    } else if (std::strcmp(tag, "HASH") == 0) {
      if (sub.left() < t.hash.size()) return Fail(error, "HASH chunk too short", n);
      std::memcpy(t.hash.data(), sub.here(), t.hash.size());
      t.has_hash = true;
    }
    // CYCL, GMET and other sub-chunks describe bus activity or generator data: ignored.
  }
  if (!c.ok()) return Fail(error, "sub-chunk overruns its TEST chunk", n);
  if (!have_init || !have_final || !have_bytes)
    return Fail(error, "TEST chunk lacks INIT, FINA or BYTS", n);
  if (t.init.mask != (1u << kMooRegCount) - 1)
    return Fail(error, "initial REGS does not hold every register", n);
  f->tests.push_back(t);
  return true;
}

}  // namespace

const char* MooRegName(int reg) { return reg >= 0 && reg < kMooRegCount ? kRegNames[reg] : "?"; }

void MooFile::Clear() {
  version = 0;
  cpu_name.clear();
  declared_count = 0;
  tests.clear();
  ram.clear();
  code.clear();
  text.clear();
}

bool ParseMoo(std::span<const uint8_t> data, MooFile* out, std::string* error) {
  out->Clear();
  Cursor c(data.data(), data.size());
  char tag[5];
  Cursor sub(nullptr, 0);
  if (!c.NextChunk(tag, &sub) || std::strcmp(tag, "MOO ") != 0) {
    *error = "not a MOO file (no MOO header chunk)";
    return false;
  }
  out->version = static_cast<uint8_t>(sub.U(1));
  sub.Skip(3);
  out->declared_count = sub.U(4);
  if (!sub.ok() || sub.left() < 4) {
    *error = "MOO header chunk too short";
    return false;
  }
  out->cpu_name.assign(reinterpret_cast<const char*>(sub.here()), 4);
  // Every test has at least a few dozen bytes: a larger count is a corrupt header, not a
  // reason to reserve gigabytes.
  if (uint64_t{out->declared_count} * 16 <= data.size()) out->tests.reserve(out->declared_count);
  while (c.NextChunk(tag, &sub)) {
    if (std::strcmp(tag, "TEST") == 0 && !ParseTest(sub, out, error)) return false;
  }
  if (!c.ok()) {
    *error = "chunk overruns the end of the file (truncated?) after test " +
             std::to_string(out->tests.size());
    return false;
  }
  if (out->tests.size() != out->declared_count) {
    *error = "header declares " + std::to_string(out->declared_count) + " tests, file holds " +
             std::to_string(out->tests.size());
    return false;
  }
  return true;
}

bool ReadMooFile(const std::string& path, MooFile* out, std::string* error,
                 std::vector<uint8_t>* scratch) {
  std::vector<uint8_t> local;
  if (!scratch) scratch = &local;
  gzFile gz = gzopen(path.c_str(), "rb");
  if (!gz) {
    *error = "cannot open";
    return false;
  }
  gzbuffer(gz, 1 << 16);
  scratch->clear();
  constexpr size_t kChunk = 1 << 20;
  for (;;) {
    const size_t old = scratch->size();
    scratch->resize(old + kChunk);
    const int got = gzread(gz, scratch->data() + old, static_cast<unsigned>(kChunk));
    if (got < 0) {
      int code = 0;
      *error = std::string("decompression failed: ") + gzerror(gz, &code);
      gzclose(gz);
      return false;
    }
    scratch->resize(old + static_cast<size_t>(got));
    if (got == 0) break;
  }
  int code = Z_OK;
  const char* msg = gzerror(gz, &code);
  if (code != Z_OK) {
    *error = std::string("decompression failed: ") + msg;
    gzclose(gz);
    return false;
  }
  gzclose(gz);
  return ParseMoo(*scratch, out, error);
}

std::string HashHex(const MooTest& t) {
  if (!t.has_hash) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(40);
  for (uint8_t b : t.hash) {
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

}  // namespace m86::sst
