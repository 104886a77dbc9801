#include "cpu/descriptors.h"

#include "cpu/cpu.h"
#include "cpu/segments.h"

namespace m86 {

uint64_t DescriptorAddress(const Cpu& c, uint16_t selector, uint32_t offset) {
  const uint64_t table = (selector & 4) ? c.s.ldtr.base : c.s.gdtr.base;
  const uint64_t addr = table + (selector & ~7u) + offset;
  return LongModeActive(c.s) ? addr : WrapLinear(addr);
}

DescriptorLookup ReadDescriptor(Cpu& c, uint16_t selector, Descriptor* out) {
  const bool local = selector & 4;
  if (!local && (selector & ~3u) == 0) return DescriptorLookup::kNull;
  const uint32_t limit = local ? c.s.ldtr.limit : c.s.gdtr.limit;
  // A null or unusable LDT has limit 0 in our cache, so every LDT selector falls outside it.
  if (local && c.s.ldtr.selector == 0) return DescriptorLookup::kOutOfLimit;
  if ((selector | 7u) > limit) return DescriptorLookup::kOutOfLimit;
  out->lo = c.ReadLinear<uint32_t>(DescriptorAddress(c, selector), true);
  out->hi = c.ReadLinear<uint32_t>(DescriptorAddress(c, selector, 4), true);
  if (c.model().gen == kGen286) out->hi &= 0xFFFF;
  return DescriptorLookup::kOk;
}

DescriptorLookup ReadDescriptorUpper(Cpu& c, uint16_t selector, uint32_t* high, uint32_t* last) {
  const uint32_t limit = (selector & 4) ? c.s.ldtr.limit : c.s.gdtr.limit;
  if ((selector | 7u) + 8 > limit) return DescriptorLookup::kOutOfLimit;
  *high = c.ReadLinear<uint32_t>(DescriptorAddress(c, selector, 8), true);
  *last = c.ReadLinear<uint32_t>(DescriptorAddress(c, selector, 12), true);
  return DescriptorLookup::kOk;
}

void MarkDescriptorAccessed(Cpu& c, uint16_t selector, Descriptor& d) {
  if (d.is_system() || (d.hi & (1u << 8))) return;
  d.hi |= 1u << 8;
  c.WriteLinear<uint8_t>(DescriptorAddress(c, selector, 5), d.access(), true);
}

void LoadSegmentCache(Cpu& c, Segment& seg, uint16_t selector, const Descriptor& d) {
  seg.selector = selector;
  seg.base = d.base();
  seg.limit = d.limit();
  seg.attr = d.attr();
  RefreshSegmentChecks(c, seg);
}

}  // namespace m86
