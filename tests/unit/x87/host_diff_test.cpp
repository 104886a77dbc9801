// Differential test of the x87 instruction layer against the host's own x87 (x86-64 Linux
// hosts only): each sequence runs natively and on the emulator, followed by FNSAVE, and the
// saved images (instruction and data pointers aside: FIP, FCS, FDP, FDS differ by design) and
// the data area must agree. The sequences address their data through [esi+disp8], which is the
// same encoding in 64-bit and 32-bit code. EFLAGS tests store them with pushf; pop eax;
// mov [esi+60], eax, and only the arithmetic flags are compared.
//
// The cases aim at the instruction layer's own decisions: stack overflow and underflow with
// their masked and unmasked responses, which instructions push, pop or keep the stack, C1 and
// C2, the control word's reserved bits, tag words, unmasked exceptions suppressing stores.
// Deliberately left out, because morph86 follows the SDM where the AMD hosts differ:
// - FCOM/FUCOM/FCOMI/FUCOMI with an unmasked invalid operand or stack underflow: the SDM sets
//   no condition codes or EFLAGS (Vol. 2A, FCOM, FCOMI); AMD writes "unordered".
// - FLD m32/m64 of a denormal with DE unmasked: the SDM leaves the stack (Vol. 1, 8.5.2); AMD
//   pushes the value.
#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

namespace {

struct Case {
  const char* name;
  const char* code;  // hex bytes
  const char* data;  // hex bytes of the 64-byte data area (zero-filled)
};

const Case kCases[] = {
    {"overflow9", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8", ""},
    {"fxch_empty", "d9c9", ""},
    {"fxch_one_empty", "d9e8d9cb", ""},
    {"fxtract_empty", "d9f4", ""},
    {"fxtract_full", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9f4", ""},
    {"fptan_full", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9f2", ""},
    {"fsincos_full", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9fb", ""},
    {"fptan_empty", "d9f2", ""},
    {"fsincos_empty", "d9fb", ""},
    {"fcmovb_empty_cf1", "f9dac1", ""},
    {"fcmovb_empty_cf0", "f8dac1", ""},
    {"fcmovb_st1empty_cf0", "f8d9e8dac1", ""},
    {"fcmovb_st1empty_cf1", "f9d9e8dac1", ""},
    {"fcompp_empty", "ded9", ""},
    {"fst_sti_empty", "ddd2", ""},
    {"fstp_st0_empty", "ddd8", ""},
    {"fld_sti_empty", "d9c3", ""},
    {"fldcw_ffff", "d92e", "ffff"},
    {"fldcw_0000", "d92e", ""},
    {"fldcw_e0c0", "d92e", "c0e0"},
    {"fincstp_fdecstp", "d9e8d9f7d9f6d9f6", ""},
    {"ffreep", "d9e8d9e8dfc1", ""},
    {"fsin_empty", "d9fe", ""},
    {"fpatan_empty", "d9e8d9f3", ""},
    {"fist_unmasked", "d92edd4610df5e20",
     "7e030000000000000000000000000000000000205fa0024200000000000000003412"},
    {"fist_masked", "dd4610df5e20", "00000000000000000000000000000000000000205fa00242"},
    {"fsqrt_neg_unmasked", "d92ed9e8d9e0d9fa", "7e03"},
    {"fld_snan_unmasked", "d92ed94610", "7e0300000000000000000000000000000100807f"},
    {"fld_snan_masked", "d94610", "000000000000000000000000000000000100807f"},
    {"fstp_m32_ovf_unmasked", "d92edb6e10d95e20",
     "770300000000000000000000000000000000000000000080e74300000000000078563412"},
    {"fstp_m32_ovf_masked", "db6e10d95e20", "000000000000000000000000000000000000000000000080e743"},
    {"fprem_incomplete", "dd4610db6e20d9f8",
     "00000000000000000000000000000000000000000000084000000000000000000000000000000080"
     "4f40"},
    {"fprem_complete", "dd4610dd4620d9f8",
     "00000000000000000000000000000000000000000000084000000000000000000000000000003140"},
    {"fxam_empty_neg", "d9e8d9e0ddc0d9e5", ""},
    {"fxam_empty_fresh", "d9e5", ""},
    {"ftst_empty", "d9e4", ""},
    {"fbstp_empty", "df7620", ""},
    {"fxch_unmasked_one_empty", "d92ed9e8d9cb", "7e03"},
    {"faddp_unmasked_empty", "d92ed9e8dec1", "7e03"},
    {"overflow_unmasked", "d92ed9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9ee", "7e03"},
    {"fdivp_unmasked_zero", "d92ed9e8d9eedef9", "7b03"},
    {"fdivp_masked_zero", "d9e8d9eedef9", ""},
    {"fchs_empty", "d9e0", ""},
    {"fnstenv_masks", "d92ed97640", "6003"},
    {"fist_round_c1", "dd4610db5620", "000000000000000000000000000000000000000000000440"},
    {"fist_round_c1_up", "dd4610db5620", "000000000000000000000000000000000000000000000640"},
    {"fadd_c1", "d9e8dd4610d8c1", "00000000000000000000000000000000a0c2ebfe4b48b439"},
    {"fld1_c1_after_c1", "d9e8dd4610d8c1d9e8", "000000000000000000000000000000000000000000000840"},
    {"fscale_empty", "d9e8d9fd", ""},
    {"fprem_empty", "d9e8d9f8", ""},
    {"fyl2x_empty_st0", "d9fd9f1", ""},
    {"frndint_c1", "dd4610d9fc", "000000000000000000000000000000000000000000000440"},
    {"fld_m80_snan", "db6e10", "000000000000000000000000000000000100000000000080ff7f"},
    {"fcom_m32_snan_qnanst0", "db6e10d85620",
     "0000000000000000000000000000000001000000000000c0ff7f0000000000000100807f"},
    {"fcomip_empty_pop", "d9e8dff1", ""},
    {"fsave_tags", "d9eedb6e10d9e8db6e20",
     "000000000000000000000000000000000000000000000080ff7f00000000000001"},
    {"fxam_pseudodenormal", "db6e10d9e5", "000000000000000000000000000000000000000000000080"},
    {"fxam_unnormal", "db6e10d9e5", "0000000000000000000000000000000000000000000000400040"},
    {"fxam_pseudo_nan", "db6e10d9e5", "000000000000000000000000000000000000000000000040ff7f"},
    {"feni_fdisi_fsetpm", "d9e8dbe0dbe1dbe4", ""},
    {"fnop_c", "d9e8d9d0", ""},
    {"ffree", "d9e8ddc0", ""},
    {"fcomi_lt", "d9e8d9eed9c9dbf19c5889463c", ""},
    {"fcomi_empty_masked", "dbf19c5889463c", ""},
    {"fucomi_qnan", "d9e8db6e10dbe99c5889463c",
     "0000000000000000000000000000000001000000000000c0ff7f"},
    {"fcomi_qnan", "d9e8db6e10dbf19c5889463c",
     "0000000000000000000000000000000001000000000000c0ff7f"},
    {"fcomip_pop", "d9e8d9e8dff19c5889463c", ""},
    {"fadd_m32_snan_qnan_st0", "db6e10d84620",
     "0000000000000000000000000000000001000000000000c0ff7f0000000000000100807f"},
    {"fadd_m32_snan_unmasked", "d92ed9e8d84620",
     "7e030000000000000000000000000000000000000000000000000000000000000100807f"},
    {"fadd_m32_denormal", "d9e8d84620",
     "000000000000000000000000000000000000000000000000000000000000000001"},
    {"fmul_m64_denormal_unmasked", "d92ed9e8dc4e20",
     "7d0300000000000000000000000000000000000000000000000000000000000001"},
    {"fiadd_m16", "d9e8de4620",
     "0000000000000000000000000000000000000000000000000000000000000000ffff"},
    {"fidivr_m32", "d9e8da7e20",
     "0000000000000000000000000000000000000000000000000000000000000000fdffffff"},
    {"fbld_fbstp", "df6620df7630",
     "00000000000000000000000000000000000000000000000000000000000000007856341290785634"
     "1280"},
    {"fbstp_big", "dd4610df7630", "00000000000000000000000000000000003d9160e458e143"},
    {"fst_m32_rc_up", "d92edb6e10d95620", "7f0b00000000000000000000000000000000000002000080ff3f"},
    {"fist_m16_rc_chop", "d92edd4610df5e20", "7f0f00000000000000000000000000009a999999999905c0"},
    {"fistp_m64", "dd4610df7e20", "0000000000000000000000000000000000000056346f9dc1"},
    {"fxch_full", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9ca", ""},
    {"fld_pi_rc_down", "d92ed9eb", "7f07"},
    {"fldl2e_rc_up", "d92ed9ea", "7f0b"},
    {"fprem1", "dd4610dd4620d9f5",
     "00000000000000000000000000000000000000000000084000000000000000000000000000003140"},
    {"fscale", "dd4610dd4620d9fd",
     "000000000000000000000000000000009a99999999990d400000000000000000000000000000f83f"},
    {"fxtract_zero", "d9eed9f4", ""},
    {"frndint_rc", "d92edd4610d9fc", "7f0b0000000000000000000000000000cdcccccccccc0040"},
    {"fsqrt_pc24", "d92ed9e8d9e8dec1d9fa", "7f"},
    {"fdiv_pc53", "d92ed9e8dd4610def9", "7f0200000000000000000000000000000000000000000840"},
    {"fadd_pc01", "d92ed9e8dd4610def9", "7f0100000000000000000000000000000000000000000840"},
    {"fsin_big", "db6e10d9fe", "0000000000000000000000000000000000000000000000803e40"},
    {"fptan_nan", "db6e10d9f2", "0000000000000000000000000000000001000000000000c0ff7f"},
    {"fptan_inf", "db6e10d9f2", "000000000000000000000000000000000000000000000080ff7f"},
    {"fsincos_one", "d9e8d9fb", ""},
    {"f2xm1", "dd4610d9f0", "00000000000000000000000000000000000000000000e03f"},
    {"fyl2x", "dd4610dd4620d9f1",
     "00000000000000000000000000000000000000000000084000000000000000000000000000002440"},
    {"fpatan", "dd4610dd4620d9f3",
     "00000000000000000000000000000000000000000000084000000000000000000000000000002440"},
    {"fabs_snan", "db6e10d9e1", "000000000000000000000000000000000100000000000080ff7f"},
    {"fst_sti_snan", "db6e10ddd1", "000000000000000000000000000000000100000000000080ff7f"},
    {"fcmovnbe", "31c083c801d9e8d9eedbd1", ""},
    {"fcmovnbe_zf", "31c0d9e8d9eedbd1", ""},
    {"fcmove_zf", "31c0d9e8d9eedac9", ""},
    {"fcmovu_empty_dest", "31c0d9e8d9f7dad9", ""},
    {"fcmovnu_empty_dest", "31c0d9e8d9f7dbd9", ""},
};

std::vector<uint8_t> Hex(const char* s) {
  std::vector<uint8_t> v;
  for (size_t i = 0; s[i] && s[i + 1]; i += 2)
    v.push_back(static_cast<uint8_t>(std::stoul(std::string(s + i, 2), nullptr, 16)));
  return v;
}

// The data area: 64 bytes compared, 64 more the sequences may write (FNSTENV) unchecked.
constexpr size_t kDataSize = 64, kDataArea = 128, kSaveSize = 108;

// Runs `code`; FNSAVE [rdi]; RET natively with rdi = save, rsi = data.
void RunNative(const std::vector<uint8_t>& code, uint8_t* save, uint8_t* data) {
  static uint8_t* page = static_cast<uint8_t*>(
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  REQUIRE(page != MAP_FAILED);
  std::memcpy(page, code.data(), code.size());
  const uint8_t tail[] = {0xDD, 0x37, 0xC3};  // fnsave [rdi]; ret
  std::memcpy(page + code.size(), tail, sizeof tail);
  // Every physical register +0.0 and empty, as in a fresh emulator.
  __asm__ volatile(
      "fninit\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfninit");
  reinterpret_cast<void (*)(uint8_t*, uint8_t*)>(page)(save, data);
}

// The same on the emulator in 32-bit flat protected mode: esi = kX87Data, edi = kSave.
constexpr uint32_t kSave = 0x9000;
void RunEmulated(const std::vector<uint8_t>& code, uint8_t* save, uint8_t* data) {
  X87Machine m;
  for (size_t i = 0; i < kDataArea; ++i) m.mem.Write(kX87Data + i, 1, data[i]);
  std::vector<uint8_t> all = code;
  all.insert(all.end(), {0xDD, 0x37, 0xF4});  // fnsave [edi]; hlt
  m.cpu.s.gpr[kEsi] = kX87Data;
  m.cpu.s.gpr[kEdi] = kSave;
  REQUIRE(m.Run32(all.data(), all.size()) == -1);
  for (size_t i = 0; i < kSaveSize; ++i) save[i] = static_cast<uint8_t>(m.mem.Read(kSave + i, 1));
  for (size_t i = 0; i < kDataSize; ++i)
    data[i] = static_cast<uint8_t>(m.mem.Read(kX87Data + i, 1));
}

}  // namespace

TEST_CASE("x87 sequences give the host x87's FNSAVE image", "[x87][host]") {
  for (const Case& k : kCases) {
    INFO("case " << k.name);
    const std::vector<uint8_t> code = Hex(k.code), init = Hex(k.data);
    uint8_t native_data[kDataArea] = {}, emu_data[kDataArea] = {};
    if (!init.empty()) {  // memcpy from an empty vector's null data() is undefined
      std::memcpy(native_data, init.data(), init.size());
      std::memcpy(emu_data, init.data(), init.size());
    }
    uint8_t native[kSaveSize], emu[kSaveSize];
    RunNative(code, native, native_data);
    RunEmulated(code, emu, emu_data);
    // FIP (12-15), FCS (16-17), FDP (20-23) and FDS (24-25) depend on where the code ran.
    for (int i : {12, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 25}) native[i] = emu[i] = 0;
    for (size_t i = 0; i < kSaveSize; ++i) {
      INFO("FNSAVE byte " << i);
      CHECK(int{native[i]} == int{emu[i]});
    }
    // The EFLAGS slot: arithmetic flags only.
    uint32_t native_fl, emu_fl;
    std::memcpy(&native_fl, native_data + 60, 4);
    std::memcpy(&emu_fl, emu_data + 60, 4);
    CHECK((native_fl & 0x8D5u) == (emu_fl & 0x8D5u));
    std::memset(native_data + 60, 0, 4);
    std::memset(emu_data + 60, 0, 4);
    CHECK(std::memcmp(native_data, emu_data, kDataSize) == 0);
  }
}

#endif
