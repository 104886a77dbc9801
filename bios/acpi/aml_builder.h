// A small builder for ACPI Machine Language (ACPI 6.4, chapter 20, "ACPI Machine Language (AML)
// Specification"; the same encodings as ACPI 1.0b/2.0 for everything used here). Each function
// returns the encoded bytes of one term, so a table reads like the ASL it stands for:
//   Scope("\\_SB", Device("PCI0", Cat(Name("_HID", EisaId("PNP0A03")), ...)))
// Integers are encoded in the smallest form (ZeroOp, OneOp, BytePrefix...), as iasl does.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace m86::aml {

using Bytes = std::vector<uint8_t>;

// Concatenation of terms.
Bytes Cat(std::initializer_list<Bytes> parts);
void Append(Bytes& to, const Bytes& more);

// PkgLength for a package whose body is `body_length` bytes (20.2.4): the encoded length
// counts its own bytes too.
Bytes PkgLength(size_t body_length);
// A NameString (20.2.2): "\\" root and "^" parent prefixes, then NameSegs separated by dots,
// each padded with '_' to four characters ("ISA" is ISA_). One segment is written bare, two
// with DualNamePrefix, more with MultiNamePrefix.
Bytes NameString(std::string_view path);

// Data objects (20.2.3).
Bytes Integer(uint64_t value);  // Zero, One, Ones (all bits) or the smallest prefix form
Bytes BytePrefix(uint8_t value);
Bytes WordPrefix(uint16_t value);
Bytes DWordPrefix(uint32_t value);
Bytes QWordPrefix(uint64_t value);
Bytes String(std::string_view text);
Bytes Buffer(const Bytes& data);
Bytes Package(const std::vector<Bytes>& elements);
// A compressed EISA ID ("PNP0A03") as a DWord (ACPI 6.4, 6.1.5 _HID; the bytes are the
// big-endian 16-bit vendor code and product number).
Bytes EisaId(std::string_view id);
uint32_t EisaIdValue(std::string_view id);

// Named objects and namespace modifiers (20.2.5).
Bytes Name(std::string_view path, const Bytes& value);
Bytes Scope(std::string_view path, const Bytes& body);
Bytes Device(std::string_view path, const Bytes& body);
Bytes Method(std::string_view path, int arg_count, bool serialized, const Bytes& body);
Bytes Processor(std::string_view path, uint8_t id, uint32_t pblk_address, uint8_t pblk_length,
                const Bytes& body);
// Region spaces for OperationRegion (ACPI 6.4, 19.6.100).
enum class RegionSpace : uint8_t { kSystemMemory = 0, kSystemIo = 1, kPciConfig = 2 };
Bytes OperationRegion(std::string_view name, RegionSpace space, const Bytes& offset,
                      const Bytes& length);
struct FieldUnit {
  std::string_view name;  // a NameSeg; empty for a reserved gap
  uint32_t bits;
};
// Field access: ByteAcc (1), no lock, Preserve (19.6.48).
Bytes Field(std::string_view region, uint8_t flags, const std::vector<FieldUnit>& units);
constexpr uint8_t kFieldByteAcc = 0x01;
Bytes CreateDWordField(const Bytes& source, const Bytes& byte_index, std::string_view name);

// Statements and expressions (20.2.5.3, 20.2.5.4).
Bytes Arg(int n);    // Arg0-Arg6
Bytes Local(int n);  // Local0-Local7
Bytes Return(const Bytes& value);
Bytes If(const Bytes& predicate, const Bytes& body);
Bytes Else(const Bytes& body);
Bytes Store(const Bytes& source, const Bytes& target);
Bytes And(const Bytes& a, const Bytes& b, const Bytes& target = {});
Bytes Or(const Bytes& a, const Bytes& b, const Bytes& target = {});
Bytes LEqual(const Bytes& a, const Bytes& b);
Bytes LLess(const Bytes& a, const Bytes& b);
Bytes ShiftLeft(const Bytes& a, const Bytes& b, const Bytes& target = {});
// A reference to a named object (the NameString alone, as ASL writes a bare name).
inline Bytes Ref(std::string_view path) { return NameString(path); }

// Resource descriptors for ResourceTemplate (ACPI 6.4, 6.4 "Resource Data Types for ACPI").
namespace res {
// Small descriptors.
Bytes IrqNoFlags(uint16_t mask);
Bytes Dma(uint8_t channel_mask, uint8_t flags);
Bytes Io(uint16_t min, uint16_t max, uint8_t alignment, uint8_t length);  // 16-bit decode
// Large descriptors. Address spaces are producers with fixed minimum and maximum.
Bytes WordBusNumber(uint16_t min, uint16_t max);
Bytes WordIo(uint16_t min, uint16_t max);
Bytes DWordMemory(uint32_t min, uint32_t max, bool cacheable);
// Extended interrupt descriptor: consumer, level-triggered, active-high, shared (as the
// PIIX's PIRQ lines are wired on QEMU's PC and here).
Bytes InterruptLevelHighShared(const std::vector<uint32_t>& irqs);
}  // namespace res
// A Buffer holding the descriptors and the end tag (6.4.2.9) with checksum 0 ("not computed").
Bytes ResourceTemplate(std::initializer_list<Bytes> descriptors);

}  // namespace m86::aml
