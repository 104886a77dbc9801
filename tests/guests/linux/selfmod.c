/* Self-modifying code inside the Linux guest: machine code written at run time, run often
 * enough to be translated (morph86 translates a block after two interpreted runs), then
 * rewritten, and the new behaviour required at the very next run. The same source is built as
 * a static i386 and a static x86-64 glibc program; the generated code is the same bytes in both
 * modes except for loading an address (mov r32, imm32 or a REX.W mov r64, imm64).
 *
 * Every check computes in C what the generated code must return and counts the runs that
 * return something else; one line a check, then "selfmod: N of M checks passed", which
 * tests/guests/linux/linux_boot.sh expects with N = M.
 *
 *   selfmod [BLOCKDEVICE]
 *
 * With BLOCKDEVICE (a scratch disk whose bytes from kDmaOffset may be overwritten), one more
 * check loads code with O_DIRECT reads, which the IDE controller's bus master writes into the
 * code page by DMA. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef uint32_t (*GeneratedCode)(void);

enum { kPage = 4096 };
enum { kEax = 0, kEcx = 1, kEdx = 2 }; /* register numbers in the opcode's low bits */

/* ---- emitting code ---------------------------------------------------------------------- */

static uint8_t* Put8(uint8_t* at, uint8_t byte) {
  *at = byte;
  return at + 1;
}

static uint8_t* Put32(uint8_t* at, uint32_t value) {
  memcpy(at, &value, 4);
  return at + 4;
}

/* mov reg, imm32 */
static uint8_t* PutMovImm(uint8_t* at, int reg, uint32_t value) {
  return Put32(Put8(at, (uint8_t)(0xB8 + reg)), value);
}

/* The address in a register of the pointer's width: mov r32, imm32 or mov r64, imm64. */
static uint8_t* PutMovAddress(uint8_t* at, int reg, const void* address) {
#if defined(__x86_64__)
  const uint64_t value = (uint64_t)(uintptr_t)address;
  at = Put8(Put8(at, 0x48), (uint8_t)(0xB8 + reg));
  memcpy(at, &value, 8);
  return at + 8;
#else
  return PutMovImm(at, reg, (uint32_t)(uintptr_t)address);
#endif
}

static GeneratedCode AsCode(const void* at) { return (GeneratedCode)(uintptr_t)at; }

/* The generated code must be visible to instruction fetch before it runs (a no-op on x86,
 * where stores and fetch are coherent, but it keeps the compiler from moving the stores). */
static void Publish(uint8_t* begin, uint8_t* end) {
  __builtin___clear_cache((char*)begin, (char*)end);
}

static uint8_t* MapCodePage(int protection) {
  void* page = mmap(NULL, kPage, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return page == MAP_FAILED ? NULL : page;
}

/* ---- bookkeeping ------------------------------------------------------------------------ */

typedef struct {
  const char* name;
  int runs;
  int mismatches;
  int first_bad_run;
  uint32_t first_got, first_expected;
} Check;

static void Expect(Check* check, uint32_t got, uint32_t expected) {
  if (got != expected && check->mismatches++ == 0) {
    check->first_bad_run = check->runs;
    check->first_got = got;
    check->first_expected = expected;
  }
  ++check->runs;
}

static int checks_run, checks_passed;

static void Report(const Check* check) {
  ++checks_run;
  if (check->runs > 0 && check->mismatches == 0) ++checks_passed;
  printf("selfmod: %s runs=%d mismatches=%d", check->name, check->runs, check->mismatches);
  if (check->mismatches > 0) {
    printf(" (first at run %d: got 0x%08x, expected 0x%08x)", check->first_bad_run,
           check->first_got, check->first_expected);
  }
  printf("\n");
}

static void ReportSetupFailure(const char* name, const char* what) {
  ++checks_run;
  printf("selfmod: %s could not run: %s failed\n", name, what);
}

/* A value per iteration that changes every bit now and then. */
static uint32_t Scramble(uint32_t i) { return i * 2654435761u ^ 0x5A5AC3C3u; }

enum { kRunsPerVersion = 5 }; /* past the translation threshold: the last runs are translated */

/* ---- the checks ------------------------------------------------------------------------- */

/* A function's immediate and its opcodes rewritten from C: `mov eax, imm; ret` and `mov eax,
 * imm; not eax; ret` by turns, 500 times, with a neighbour in the same page left alone. */
static void CheckRewrittenImmediate(void) {
  Check check = {.name = "rewritten-immediate"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  uint8_t* neighbour = page + 256;
  const uint32_t neighbour_value = Scramble(12345);
  Publish(neighbour, Put8(PutMovImm(neighbour, kEax, neighbour_value), 0xC3));
  for (uint32_t i = 0; i < 500; ++i) {
    const uint32_t value = Scramble(i);
    uint8_t* end = PutMovImm(page, kEax, value);
    if (i % 2) end = Put8(Put8(end, 0xF7), 0xD0); /* not eax */
    Publish(page, Put8(end, 0xC3));
    const uint32_t expected = i % 2 ? ~value : value;
    for (int run = 0; run < kRunsPerVersion; ++run) {
      Expect(&check, AsCode(page)(), expected);
      Expect(&check, AsCode(neighbour)(), neighbour_value);
    }
  }
  Report(&check);
}

/* A loop (several blocks) whose count is rewritten: mov ecx, n; xor eax, eax;
 * again: add eax, ecx; loop again; ret. It returns n(n+1)/2. */
static void CheckRewrittenLoopCount(void) {
  Check check = {.name = "rewritten-loop-count"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  static const uint8_t kBody[] = {0x31, 0xC0, 0x01, 0xC8, 0xE2, 0xFC, 0xC3};
  memcpy(page + 5, kBody, sizeof kBody);
  for (uint32_t i = 0; i < 300; ++i) {
    const uint32_t n = 1 + Scramble(i) % 400;
    Publish(page, PutMovImm(page, kEcx, n));
    for (int run = 0; run < kRunsPerVersion; ++run) Expect(&check, AsCode(page)(), n * (n + 1) / 2);
  }
  Report(&check);
}

/* Code that increments the immediate of its own next instruction, in the same block:
 * mov edx, &imm; inc dword [edx]; mov eax, imm; ret. Run k returns the start value + k. */
static void CheckPatchesNextInstruction(void) {
  Check check = {.name = "patches-next-instruction"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  const uint32_t start = Scramble(7);
  /* The address load has the same length whatever the address: emit it once to learn where
   * the mov's immediate lands, then again with that address. */
  uint8_t* inc = PutMovAddress(page, kEdx, page);
  uint8_t* immediate = inc + 2 + 1;
  inc = PutMovAddress(page, kEdx, immediate);
  uint8_t* end = PutMovImm(Put8(Put8(inc, 0xFF), 0x02), kEax, start);
  Publish(page, Put8(end, 0xC3));
  for (uint32_t k = 1; k <= 1000; ++k) Expect(&check, AsCode(page)(), start + k);
  Report(&check);
}

/* Code that flips the opcode of its own next instruction between add eax, imm32 (05) and
 * sub eax, imm32 (2D): mov eax, base; mov edx, &op; xor byte [edx], 0x28; op: add eax, 7; ret. */
static void CheckPatchesNextOpcode(void) {
  Check check = {.name = "patches-next-opcode"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  const uint32_t base = Scramble(99), operand = 0x01020307;
  uint8_t* load = PutMovImm(page, kEax, base);
  uint8_t* op = PutMovAddress(load, kEdx, page) + 3;
  uint8_t* end = Put8(Put8(Put8(PutMovAddress(load, kEdx, op), 0x80), 0x32), 0x28);
  end = Put32(Put8(end, 0x05), operand);
  Publish(page, Put8(end, 0xC3));
  for (uint32_t k = 1; k <= 1000; ++k) {
    const int adds = k % 2 == 0; /* each run flips it before it runs: sub, add, sub, ... */
    Expect(&check, AsCode(page)(), adds ? base + operand : base - operand);
  }
  Report(&check);
}

/* Code that increments an immediate in the block it jumps to next:
 * mov edx, &imm; inc dword [edx]; jmp next; next: mov eax, imm; ret. */
static void CheckPatchesNextBlock(void) {
  Check check = {.name = "patches-next-block"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  const uint32_t start = Scramble(3);
  uint8_t* immediate = PutMovAddress(page, kEdx, page) + 2 + 2 + 1;
  uint8_t* end = Put8(Put8(PutMovAddress(page, kEdx, immediate), 0xFF), 0x02);
  end = PutMovImm(Put8(Put8(end, 0xEB), 0x00), kEax, start);
  Publish(page, Put8(end, 0xC3));
  for (uint32_t k = 1; k <= 1000; ++k) Expect(&check, AsCode(page)(), start + k);
  Report(&check);
}

/* A loop that rewrites itself while it runs, the count rewritten from C before each call:
 * mov ecx, n; xor eax, eax; mov edx, &imm; again: add eax, imm; inc dword [edx]; loop again;
 * ret. From an immediate v it returns n*v + n(n-1)/2 and leaves v + n behind. */
static void CheckPatchesRunningLoop(void) {
  Check check = {.name = "patches-running-loop"};
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  uint8_t* clear = page + 5;
  uint8_t* load = Put8(Put8(clear, 0x31), 0xC0);
  uint8_t* immediate = PutMovAddress(load, kEdx, page) + 1;
  uint8_t* end = PutMovAddress(load, kEdx, immediate);
  end = Put32(Put8(end, 0x05), Scramble(5));
  end = Put8(Put8(Put8(Put8(end, 0xFF), 0x02), 0xE2), 0xF7); /* loop back over 9 bytes */
  Put8(end, 0xC3);
  for (uint32_t i = 0; i < 300; ++i) {
    const uint32_t n = 3 + i % 60;
    Publish(page, PutMovImm(page, kEcx, n));
    uint32_t v;
    memcpy(&v, immediate, 4);
    Expect(&check, AsCode(page)(), n * v + n * (n - 1) / 2);
    uint32_t left;
    memcpy(&left, immediate, 4);
    Expect(&check, left, v + n);
  }
  Report(&check);
}

/* One page of a memfd mapped twice, writable and executable: code rewritten through the
 * writable view runs through the other, then code in the executable view increments its own
 * next instruction's immediate through the writable view. */
static void CheckAliasedMapping(void) {
  Check check = {.name = "aliased-mapping"};
  const int fd = memfd_create("selfmod", 0);
  if (fd < 0) { ReportSetupFailure(check.name, "memfd_create"); return; }
  if (ftruncate(fd, kPage) != 0) { ReportSetupFailure(check.name, "ftruncate"); return; }
  uint8_t* writable = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  uint8_t* executable = mmap(NULL, kPage, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  close(fd);
  if (writable == MAP_FAILED || executable == MAP_FAILED) {
    ReportSetupFailure(check.name, "mmap");
    return;
  }
  GeneratedCode code = AsCode(executable);
  for (uint32_t i = 0; i < 300; ++i) {
    const uint32_t value = Scramble(1000 + i);
    Publish(writable, Put8(PutMovImm(writable, kEax, value), 0xC3));
    for (int run = 0; run < kRunsPerVersion; ++run) Expect(&check, code(), value);
  }
  const uint32_t start = Scramble(77);
  const size_t immediate = (size_t)(PutMovAddress(writable, kEdx, writable) - writable) + 2 + 1;
  uint8_t* end = Put8(Put8(PutMovAddress(writable, kEdx, writable + immediate), 0xFF), 0x02);
  Publish(writable, Put8(PutMovImm(end, kEax, start), 0xC3));
  for (uint32_t k = 1; k <= 500; ++k) Expect(&check, code(), start + k);
  Report(&check);
}

/* Writes a file holding `mov eax, value; ret` (with `not eax` before the ret when inverted). */
static int WriteCodeFile(const char* path, uint32_t value, int inverted) {
  uint8_t code[16];
  uint8_t* end = PutMovImm(code, kEax, value);
  if (inverted) end = Put8(Put8(end, 0xF7), 0xD0);
  end = Put8(end, 0xC3);
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return -1;
  const ssize_t length = end - code;
  const int ok = write(fd, code, (size_t)length) == length;
  return close(fd) == 0 && ok ? 0 : -1;
}

/* Code loaded by read() from two files by turns into one buffer, writable while it is read
 * and executable (mprotect) while it runs: the kernel's copy rewrites translated code. */
static void CheckCodeFromRead(void) {
  Check check = {.name = "code-from-read"};
  const char* paths[2] = {"/tmp/selfmod-plain.bin", "/tmp/selfmod-inverted.bin"};
  const uint32_t values[2] = {Scramble(31), Scramble(32)};
  const uint32_t results[2] = {values[0], ~values[1]};
  for (int f = 0; f < 2; ++f) {
    if (WriteCodeFile(paths[f], values[f], f) != 0) {
      ReportSetupFailure(check.name, "writing the code files");
      return;
    }
  }
  int fds[2];
  for (int f = 0; f < 2; ++f) {
    fds[f] = open(paths[f], O_RDONLY);
    if (fds[f] < 0) { ReportSetupFailure(check.name, "open"); return; }
  }
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE);
  if (!page) { ReportSetupFailure(check.name, "mmap"); return; }
  for (int i = 0; i < 300; ++i) {
    const int f = i % 2;
    if (mprotect(page, kPage, PROT_READ | PROT_WRITE) != 0 || pread(fds[f], page, 64, 0) <= 0 ||
        mprotect(page, kPage, PROT_READ | PROT_EXEC) != 0) {
      ReportSetupFailure(check.name, "mprotect or pread");
      return;
    }
    for (int run = 0; run < kRunsPerVersion; ++run) Expect(&check, AsCode(page)(), results[f]);
  }
  for (int f = 0; f < 2; ++f) {
    close(fds[f]);
    unlink(paths[f]);
  }
  Report(&check);
}

/* Where on the scratch disk the DMA check puts its two pages of code: 512 KiB in, between the
 * boot sector and the first partition (from 1 MiB) of the test disk. */
static const off_t kDmaOffset = 512 * 1024;

/* Code read with O_DIRECT into an executable page: the disk controller's bus master writes
 * it by DMA, not the CPU. Two versions are written to the disk first (O_DIRECT as well) and
 * read by turns. */
static void CheckCodeFromDma(const char* device) {
  Check check = {.name = "code-from-dma"};
  const int fd = open(device, O_RDWR | O_DIRECT | O_SYNC);
  if (fd < 0) { ReportSetupFailure(check.name, "open with O_DIRECT"); return; }
  uint8_t* staging = MapCodePage(PROT_READ | PROT_WRITE);
  uint8_t* page = MapCodePage(PROT_READ | PROT_WRITE | PROT_EXEC);
  if (!staging || !page) { ReportSetupFailure(check.name, "mmap"); return; }
  const uint32_t values[2] = {Scramble(41), Scramble(42)};
  const uint32_t results[2] = {values[0], ~values[1]};
  for (int v = 0; v < 2; ++v) {
    memset(staging, 0xCC, kPage); /* int3 after the code */
    uint8_t* end = PutMovImm(staging, kEax, values[v]);
    if (v) end = Put8(Put8(end, 0xF7), 0xD0);
    Put8(end, 0xC3);
    if (pwrite(fd, staging, kPage, kDmaOffset + v * kPage) != kPage) {
      ReportSetupFailure(check.name, "pwrite with O_DIRECT");
      return;
    }
  }
  for (int i = 0; i < 100; ++i) {
    const int v = i % 2;
    if (pread(fd, page, kPage, kDmaOffset + v * kPage) != kPage) {
      ReportSetupFailure(check.name, "pread with O_DIRECT");
      return;
    }
    for (int run = 0; run < kRunsPerVersion; ++run) Expect(&check, AsCode(page)(), results[v]);
  }
  close(fd);
  Report(&check);
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  CheckRewrittenImmediate();
  CheckRewrittenLoopCount();
  CheckPatchesNextInstruction();
  CheckPatchesNextOpcode();
  CheckPatchesNextBlock();
  CheckPatchesRunningLoop();
  CheckAliasedMapping();
  CheckCodeFromRead();
  if (argc > 1) CheckCodeFromDma(argv[1]);
  printf("selfmod: %d of %d checks passed\n", checks_passed, checks_run);
  return checks_passed == checks_run ? 0 : 1;
}
