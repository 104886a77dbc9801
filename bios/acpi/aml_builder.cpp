#include "bios/acpi/aml_builder.h"

#include <stdexcept>
#include <string>

namespace m86::aml {
namespace {

// Opcodes (ACPI 6.4, 20.3 "AML Byte Stream Byte Values").
constexpr uint8_t kZeroOp = 0x00, kOneOp = 0x01, kNameOp = 0x08, kBytePrefix = 0x0A,
                  kWordPrefix = 0x0B, kDWordPrefix = 0x0C, kStringPrefix = 0x0D,
                  kQWordPrefix = 0x0E, kScopeOp = 0x10, kBufferOp = 0x11, kPackageOp = 0x12,
                  kMethodOp = 0x14, kDualNamePrefix = 0x2E, kMultiNamePrefix = 0x2F,
                  kExtOpPrefix = 0x5B, kRootChar = 0x5C, kParentPrefix = 0x5E,
                  kLocal0Op = 0x60, kArg0Op = 0x68, kStoreOp = 0x70, kShiftLeftOp = 0x79,
                  kAndOp = 0x7B, kOrOp = 0x7D, kCreateDWordFieldOp = 0x8A, kLEqualOp = 0x93,
                  kLLessOp = 0x95, kIfOp = 0xA0, kElseOp = 0xA1, kReturnOp = 0xA4;
// Second bytes after ExtOpPrefix.
constexpr uint8_t kOpRegionOp = 0x80, kFieldOp = 0x81, kDeviceOp = 0x82, kProcessorOp = 0x83;

Bytes LittleEndian(uint64_t value, int bytes) {
  Bytes out;
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
  return out;
}

// Opcode, PkgLength, then the body (the PkgLength covers itself and the body, 20.2.4).
Bytes Packaged(std::initializer_list<uint8_t> opcode, const Bytes& body) {
  Bytes out(opcode);
  Append(out, PkgLength(body.size()));
  Append(out, body);
  return out;
}

Bytes NameSeg(std::string_view seg) {
  if (seg.empty() || seg.size() > 4) throw std::invalid_argument("bad AML NameSeg: " + std::string(seg));
  Bytes out(seg.begin(), seg.end());
  out.resize(4, '_');
  return out;
}

Bytes Binary(uint8_t opcode, const Bytes& a, const Bytes& b, const Bytes& target) {
  Bytes out{opcode};
  Append(out, a);
  Append(out, b);
  // An absent target is the NullName (a zero byte), 20.2.2 "Target".
  if (target.empty()) {
    out.push_back(0);
  } else {
    Append(out, target);
  }
  return out;
}

}  // namespace

void Append(Bytes& to, const Bytes& more) { to.insert(to.end(), more.begin(), more.end()); }

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) Append(out, p);
  return out;
}

// The PkgLength encoding of `value` (20.2.4): one byte holds values up to 63 (bits 5:0); with
// n following bytes, bits 3:0 of the lead byte are the low nibble, each following byte 8 more
// bits, and bits 7:6 give n.
static Bytes EncodedLength(size_t value, int extra) {
  if (extra == 0) return {static_cast<uint8_t>(value)};
  Bytes out{static_cast<uint8_t>((extra << 6) | (value & 0x0F))};
  for (int i = 0; i < extra; ++i) out.push_back(static_cast<uint8_t>(value >> (4 + 8 * i)));
  return out;
}

Bytes PkgLength(size_t body_length) {
  // The length counts the encoding's own bytes.
  for (int extra = 0; extra <= 3; ++extra) {
    const size_t total = body_length + 1 + extra;
    if (total < (size_t{1} << (extra == 0 ? 6 : 4 + 8 * extra))) return EncodedLength(total, extra);
  }
  throw std::length_error("AML package longer than 2^28 bytes");
}

static Bytes FieldWidth(uint32_t bits) {
  // A field's width is a PkgLength-encoded number of bits that does not count itself.
  for (int extra = 0; extra <= 3; ++extra) {
    if (bits < (uint64_t{1} << (extra == 0 ? 6 : 4 + 8 * extra))) return EncodedLength(bits, extra);
  }
  throw std::length_error("AML field wider than 2^28 bits");
}

Bytes NameString(std::string_view path) {
  Bytes out;
  size_t i = 0;
  if (!path.empty() && path[0] == '\\') {
    out.push_back(kRootChar);
    i = 1;
  } else {
    while (i < path.size() && path[i] == '^') {
      out.push_back(kParentPrefix);
      ++i;
    }
  }
  std::vector<std::string_view> segs;
  while (i < path.size()) {
    const size_t dot = path.find('.', i);
    const size_t end = dot == std::string_view::npos ? path.size() : dot;
    segs.push_back(path.substr(i, end - i));
    i = end == path.size() ? end : end + 1;
  }
  if (segs.empty()) {
    out.push_back(0);  // NullName: the root itself ("\\")
  } else if (segs.size() == 2) {
    out.push_back(kDualNamePrefix);
  } else if (segs.size() > 2) {
    out.push_back(kMultiNamePrefix);
    out.push_back(static_cast<uint8_t>(segs.size()));
  }
  for (std::string_view s : segs) Append(out, NameSeg(s));
  return out;
}

Bytes BytePrefix(uint8_t value) { return {kBytePrefix, value}; }
Bytes WordPrefix(uint16_t value) { return Cat({{kWordPrefix}, LittleEndian(value, 2)}); }
Bytes DWordPrefix(uint32_t value) { return Cat({{kDWordPrefix}, LittleEndian(value, 4)}); }
Bytes QWordPrefix(uint64_t value) { return Cat({{kQWordPrefix}, LittleEndian(value, 8)}); }

Bytes Integer(uint64_t value) {
  if (value == 0) return {kZeroOp};
  if (value == 1) return {kOneOp};
  if (value <= 0xFF) return BytePrefix(static_cast<uint8_t>(value));
  if (value <= 0xFFFF) return WordPrefix(static_cast<uint16_t>(value));
  if (value <= 0xFFFFFFFF) return DWordPrefix(static_cast<uint32_t>(value));
  return QWordPrefix(value);
}

Bytes String(std::string_view text) {
  Bytes out{kStringPrefix};
  out.insert(out.end(), text.begin(), text.end());
  out.push_back(0);
  return out;
}

Bytes Buffer(const Bytes& data) {
  return Packaged({kBufferOp}, Cat({Integer(data.size()), data}));
}

Bytes Package(const std::vector<Bytes>& elements) {
  if (elements.size() > 0xFF) throw std::length_error("AML Package with more than 255 elements");
  Bytes body{static_cast<uint8_t>(elements.size())};
  for (const Bytes& e : elements) Append(body, e);
  return Packaged({kPackageOp}, body);
}

uint32_t EisaIdValue(std::string_view id) {
  if (id.size() != 7) throw std::invalid_argument("EISA ID needs 7 characters: " + std::string(id));
  // Three letters of five bits each ('A' = 1), then four hex digits of the product number.
  uint32_t v = 0;
  for (int i = 0; i < 3; ++i) v = (v << 5) | ((id[i] - 0x40) & 0x1F);
  for (int i = 3; i < 7; ++i) {
    const char c = id[i];
    const uint32_t digit = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    v = (v << 4) | (digit & 0xF);
  }
  // Stored most significant byte first.
  return ((v >> 24) & 0xFF) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}

Bytes EisaId(std::string_view id) { return DWordPrefix(EisaIdValue(id)); }

Bytes Name(std::string_view path, const Bytes& value) {
  return Cat({{kNameOp}, NameString(path), value});
}

Bytes Scope(std::string_view path, const Bytes& body) {
  return Packaged({kScopeOp}, Cat({NameString(path), body}));
}

Bytes Device(std::string_view path, const Bytes& body) {
  return Packaged({kExtOpPrefix, kDeviceOp}, Cat({NameString(path), body}));
}

Bytes Method(std::string_view path, int arg_count, bool serialized, const Bytes& body) {
  const auto flags = static_cast<uint8_t>((arg_count & 7) | (serialized ? 0x08 : 0));
  return Packaged({kMethodOp}, Cat({NameString(path), {flags}, body}));
}

Bytes Processor(std::string_view path, uint8_t id, uint32_t pblk_address, uint8_t pblk_length,
                const Bytes& body) {
  return Packaged({kExtOpPrefix, kProcessorOp},
                  Cat({NameString(path), {id}, LittleEndian(pblk_address, 4), {pblk_length}, body}));
}

Bytes OperationRegion(std::string_view name, RegionSpace space, const Bytes& offset,
                      const Bytes& length) {
  return Cat({{kExtOpPrefix, kOpRegionOp}, NameString(name), {static_cast<uint8_t>(space)},
              offset, length});
}

Bytes Field(std::string_view region, uint8_t flags, const std::vector<FieldUnit>& units) {
  Bytes body = NameString(region);
  body.push_back(flags);
  for (const FieldUnit& u : units) {
    // A NamedField is a NameSeg and its width in bits as a PkgLength; a ReservedField is a
    // zero byte and its width (20.2.5.2).
    if (u.name.empty()) {
      body.push_back(0);
    } else {
      Append(body, NameSeg(u.name));
    }
    Append(body, FieldWidth(u.bits));
  }
  return Packaged({kExtOpPrefix, kFieldOp}, body);
}

Bytes CreateDWordField(const Bytes& source, const Bytes& byte_index, std::string_view name) {
  return Cat({{kCreateDWordFieldOp}, source, byte_index, NameString(name)});
}

Bytes Arg(int n) { return {static_cast<uint8_t>(kArg0Op + n)}; }
Bytes Local(int n) { return {static_cast<uint8_t>(kLocal0Op + n)}; }
Bytes Return(const Bytes& value) { return Cat({{kReturnOp}, value}); }
Bytes If(const Bytes& predicate, const Bytes& body) {
  return Packaged({kIfOp}, Cat({predicate, body}));
}
Bytes Else(const Bytes& body) { return Packaged({kElseOp}, body); }
Bytes Store(const Bytes& source, const Bytes& target) { return Cat({{kStoreOp}, source, target}); }
Bytes And(const Bytes& a, const Bytes& b, const Bytes& target) { return Binary(kAndOp, a, b, target); }
Bytes Or(const Bytes& a, const Bytes& b, const Bytes& target) { return Binary(kOrOp, a, b, target); }
Bytes ShiftLeft(const Bytes& a, const Bytes& b, const Bytes& target) {
  return Binary(kShiftLeftOp, a, b, target);
}
Bytes LEqual(const Bytes& a, const Bytes& b) { return Cat({{kLEqualOp}, a, b}); }
Bytes LLess(const Bytes& a, const Bytes& b) { return Cat({{kLLessOp}, a, b}); }

namespace res {
namespace {

// Large resource item: tag, 16-bit length of what follows (6.4.3).
Bytes Large(uint8_t tag, const Bytes& body) {
  return Cat({{tag}, LittleEndian(body.size(), 2), body});
}

// Address space descriptors (6.4.3.5): resource type, general flags (producer, fixed
// minimum and maximum, positive decode: 0Ch), type-specific flags, then granularity,
// minimum, maximum, translation offset and length, each `width` bytes.
Bytes AddressSpace(uint8_t tag, int width, uint8_t type, uint8_t type_flags, uint64_t min,
                   uint64_t max) {
  Bytes body{type, 0x0C, type_flags};
  for (uint64_t v : {uint64_t{0}, min, max, uint64_t{0}, max - min + 1}) Append(body, LittleEndian(v, width));
  return Large(tag, body);
}

}  // namespace

Bytes IrqNoFlags(uint16_t mask) { return Cat({{0x22}, LittleEndian(mask, 2)}); }

Bytes Dma(uint8_t channel_mask, uint8_t flags) { return {0x2A, channel_mask, flags}; }

Bytes Io(uint16_t min, uint16_t max, uint8_t alignment, uint8_t length) {
  return Cat({{0x47, 0x01}, LittleEndian(min, 2), LittleEndian(max, 2), {alignment, length}});
}

Bytes WordBusNumber(uint16_t min, uint16_t max) { return AddressSpace(0x88, 2, 2, 0x00, min, max); }

// I/O type-specific flags: the bridge passes both ISA and non-ISA ranges (_RNG = 3).
Bytes WordIo(uint16_t min, uint16_t max) { return AddressSpace(0x88, 2, 1, 0x03, min, max); }

// Memory type-specific flags: read/write (bit 0), cacheable (_MEM = 1, bits 2:1).
Bytes DWordMemory(uint32_t min, uint32_t max, bool cacheable) {
  return AddressSpace(0x87, 4, 0, cacheable ? 0x03 : 0x01, min, max);
}

Bytes InterruptLevelHighShared(const std::vector<uint32_t>& irqs) {
  // Flags (6.4.3.6): consumer (bit 0), level (bit 1 clear), active-high (bit 2 clear),
  // shared (bit 3).
  Bytes body{0x09, static_cast<uint8_t>(irqs.size())};
  for (uint32_t irq : irqs) Append(body, LittleEndian(irq, 4));
  return Large(0x89, body);
}

}  // namespace res

Bytes ResourceTemplate(std::initializer_list<Bytes> descriptors) {
  Bytes data;
  for (const Bytes& d : descriptors) Append(data, d);
  data.push_back(0x79);
  data.push_back(0x00);
  return Buffer(data);
}

}  // namespace m86::aml
