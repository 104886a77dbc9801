#include "frontend/options.h"

#include <boost/program_options.hpp>
#include <cmath>
#include <sstream>
#include <vector>

#include "cpu/model.h"
#include "frontend/calendar_time.h"
#include "frontend/input_limits.h"
#include "frontend/memory_size.h"
#include "frontend/message_text.h"

namespace m86 {

namespace po = boost::program_options;

namespace {

// "file:PATH" with a non-empty PATH.
bool IsFileTarget(const std::string& target) {
  return target.rfind("file:", 0) == 0 && target.size() > 5;
}

constexpr const char* kIdeUnitNames[4] = {"primary master", "primary slave", "secondary master",
                                          "secondary slave"};

// QEMU's -drive: comma-separated key=value pairs, a doubled comma standing for a comma in a
// value. Accepts the IDE subset: file=, format=raw, if=ide, index=0-3, media=disk|cdrom.
bool ParseDrive(const std::string& spec, int* index, Options::IdeDrive* drive, std::string* error) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == ',' && i + 1 < spec.size() && spec[i + 1] == ',') {
      parts.back() += ',';
      ++i;
    } else if (spec[i] == ',') {
      parts.emplace_back();
    } else {
      parts.back() += spec[i];
    }
  }
  *index = -1;
  bool have_file = false;
  for (const std::string& part : parts) {
    const size_t eq = part.find('=');
    const std::string key = part.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (eq == std::string::npos) {
      *error = "-drive: " + QuoteText(part) + " is not key=value";
    } else if (key == "file" && !value.empty()) {
      drive->path = value;
      have_file = true;
    } else if (key == "format" && value != "raw") {
      *error = "-drive: format " + QuoteText(value) + " is not supported (raw only)";
    } else if (key == "if" && value != "ide") {
      *error = "-drive: interface " + QuoteText(value) + " is not supported (ide only)";
    } else if (key == "index") {
      if (value.size() != 1 || value[0] < '0' || value[0] > '3') {
        *error = "-drive: index " + QuoteText(value) + " must be 0-3";
      } else {
        *index = value[0] - '0';
      }
    } else if (key == "media" && value != "disk" && value != "cdrom") {
      *error = "-drive: media " + QuoteText(value) + " must be disk or cdrom";
    } else if (key == "media") {
      drive->cdrom = value == "cdrom";
    } else if (key != "format" && key != "if") {
      *error = "-drive: " + QuoteText(key) + " is not supported (file, format, if, index, media)";
    }
    if (!error->empty()) return false;
  }
  if (!have_file || *index < 0) {
    *error = "-drive needs file=FILE and index=0-3";
    return false;
  }
  return true;
}

}  // namespace

ParseResult ParseOptions(int argc, const char* const* argv) {
  ParseResult r;
  Options& o = r.options;
  std::string post_port = "0x80";
  std::string memory = "64";
  std::string boot = "ac";
  bool nographic = false;
  bool machine_defaulted = true;
  std::string rtc_base;
  std::string jit, jit_disable;
  std::string hda, hdb, hdc, hdd, cdrom;
  std::vector<std::string> drives;
  po::options_description desc("morph86 options");
  desc.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("machine", po::value(&o.machine)->default_value("pc"),
       "machine type: pc (the PC with the built-in BIOS) or bare (RAM, a ROM, the debug ports)")
      ("rom", po::value(&o.rom), "ROM image for the bare machine (ends at 0xFFFFF and 0xFFFFFFFF)")
      ("bios", po::value(&o.bios),
       "run this PC firmware image instead of the built-in BIOS (SeaBIOS's bios.bin or "
       "bios-256k.bin: 64 to 256 KiB, a multiple of 64 KiB)")
      ("vga-bios", po::value(&o.vga_bios),
       "the VGA's PCI option ROM for --bios firmware (SeaBIOS's vgabios-stdvga.bin)")
      ("fda", po::value(&o.fda), "floppy image for drive A: (360K, 720K, 1.2M or 1.44M)")
      ("fdb", po::value(&o.fdb), "floppy image for drive B:")
      ("hda", po::value(&hda), "raw hard disk image for the first disk (80h)")
      ("hdb", po::value(&hdb), "raw hard disk image for the second disk (81h)")
      ("cdrom", po::value(&cdrom),
       "ISO 9660 image in an ATAPI CD-ROM on the secondary IDE channel (master); the BIOS "
       "boots it by El Torito with --boot d")
      ("drive", po::value(&drives)->composing(),
       "QEMU's file=FILE,format=raw,if=ide,index=0-3[,media=disk|cdrom]: an IDE disk or CD-ROM")
      ("kernel", po::value(&o.kernel),
       "boot this Linux bzImage or multiboot kernel directly, through the BIOS")
      ("initrd", po::value(&o.initrd),
       "the kernel's initial ramdisk (multiboot: modules, comma-separated, each 'FILE ARGS')")
      ("append", po::value(&o.append), "the kernel's command line")
      ("hdc", po::value(&hdc), "raw hard disk image on the secondary IDE channel (master); IDE only, not BIOS")
      ("hdd", po::value(&hdd), "raw hard disk image on the secondary IDE channel (slave); IDE only, not BIOS")
      ("boot", po::value(&boot)->default_value("ac"),
       "boot order: drive letters a, b (floppies), c (hard disk), d (CD-ROM); QEMU's order=dc "
       "form too")
      ("snapshot", po::bool_switch(&o.snapshot), "write to temporary overlays, never to the image files")
      ("no-reboot", po::bool_switch(&o.no_reboot), "stop with status 3 on a triple fault instead of resetting")
      ("clock", po::value(&o.clock)->default_value("realtime"),
       "guest time: realtime (the host clock) or instructions (from retired instructions; HLT "
       "skips ahead; runs repeat exactly)")
      ("rtc-base", po::value(&rtc_base),
       "start the RTC at YYYY-MM-DDTHH:MM:SS instead of the host's local time")
      ("display", po::value(&o.display)->default_value("auto"),
       "sdl (a window), curses (the text screen in this terminal), none (headless); auto: a "
       "window when a display exists")
      ("nographic", po::bool_switch(&nographic), "headless: no window, COM1 on standard input/output")
      ("serial", po::value(&o.serial)->default_value("auto"),
       "COM1: stdio, none or file:PATH (output appended to PATH); auto: stdio when headless")
      ("debugcon", po::value(&o.debugcon),
       "the port 0xE9 debug console of the PC: none (the default: no such port), stdio "
       "(standard output, escaped on a terminal) or file:PATH (appended to PATH)")
      ("screendump", po::value(&o.screendump),
       "write the screen at exit to FILE (text for text modes, PNG for graphics or FILE.png); "
       "its directory is checked before the guest starts")
      ("script", po::value(&o.script), "drive the guest with the commands in FILE")
      ("digest-at-exit", po::bool_switch(&o.digest_at_exit),
       "print a digest of the whole machine state and the instructions retired when the run "
       "ends (with --clock instructions and --rtc-base, equal on every host)")
      ("scale", po::value(&o.scale)->default_value("integer"), "window scaling: integer or smooth")
      ("cpu", po::value(&o.cpu)->default_value("nehalem"),
       ("CPU model: " + std::string(ModelNames())).c_str())
      ("fpu", po::value(&o.fpu), "80386 coprocessor: 387 (default) or none")
      ("memory,m", po::value(&memory)->default_value("64"),
       "RAM: MiB, or with a suffix (512M, 1G); past 3G it continues at 4 GiB (PAE models)")
      ("post-port", po::value(&post_port)->default_value("0x80"), "port whose last byte is the POST code")
      ("timeout", po::value(&o.timeout_seconds)->default_value(0),
       "stop after SEC seconds (status 124); 0: never")
      ("trace", po::value(&o.trace_file), "write each executed instruction with registers to FILE")
      ("jit", po::value(&jit)->default_value(HostHasJitBackend() ? "on" : "off"),
       "the translator: on (hot blocks run as host code), off (the interpreter only) or check "
       "(every translated run is compared with the interpreter's; a difference stops the run)")
      ("jit-threshold", po::value(&o.jit.threshold)->default_value(o.jit.threshold),
       "interpreted runs of a block before it is translated (0: translate before the first run, "
       "single steps included)")
      ("jit-disable", po::value(&jit_disable),
       ("run these instruction categories in the interpreter: " + JitCategoryNames() +
        " or all, comma-separated").c_str())
      ("jit-cache-mb", po::value(&o.jit.cache_mb)->default_value(o.jit.cache_mb),
       "bound of the translated code in MiB; all of it is dropped when it fills")
      ("jit-stats", po::bool_switch(&o.jit_stats),
       "print what the translator did when the run ends");
  // QEMU spells long options with one dash: turn -cpu into --cpu (not -m, a short option).
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') a = "-" + a;
    args.push_back(a);
  }
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::ostringstream help;
      help << "usage: morph86 --fda FILE | --hda FILE | --cdrom FILE | --kernel FILE [options]\n"
              "       morph86 --machine bare --rom FILE [options]\n" << desc;
      r.help = help.str();
      o.show_help = true;
      return r;
    }
    o.show_version = vm.count("version") > 0;
    machine_defaulted = vm["machine"].defaulted();
    if (o.show_version) return r;
  } catch (const po::error& e) {
    // Boost quotes the offending argument whole, however long or binary it is.
    r.error = ShortenQuotedSpans(e.what());
    return r;
  }
  if (o.machine != "bare" && o.machine != "pc") {
    r.error = "unknown machine " + QuoteText(o.machine) + " (available: pc bare)";
    return r;
  }
  if (!ModelByName(o.cpu)) {
    r.error =
        "unknown CPU model " + QuoteText(o.cpu) + " (available: " + std::string(ModelNames()) + ")";
    return r;
  }
  if (!o.fpu.empty() && o.fpu != "387" && o.fpu != "none") {
    r.error = "unknown FPU " + QuoteText(o.fpu) + " (available: 387 none)";
    return r;
  }
  if (!o.fpu.empty() && o.cpu != "80386") {
    r.error = "--fpu applies to --cpu 80386 only (the 80486 and later have the FPU built in)";
    return r;
  }
  if (o.machine == "bare" && o.rom.empty()) {
    r.error = "the bare machine needs --rom FILE";
    return r;
  }
  if (o.machine == "pc" && !o.rom.empty()) {
    if (!machine_defaulted) {
      r.error = "--rom is for the bare machine (--machine bare)";
      return r;
    }
    o.machine = "bare";  // --rom alone means the bare machine
  }
  // The IDE units, each named once.
  const std::string* ide_options[4] = {&hda, &hdb, &hdc, &hdd};
  for (int unit = 0; unit < 4; ++unit) o.ide[unit].path = *ide_options[unit];
  auto place = [&](int unit, const Options::IdeDrive& drive) {
    if (!o.ide[unit].path.empty()) {
      r.error = std::string("IDE unit ") + std::to_string(unit) + " (" + kIdeUnitNames[unit] +
                ") is given twice";
      return false;
    }
    o.ide[unit] = drive;
    return true;
  };
  if (!cdrom.empty() && !place(2, Options::IdeDrive{cdrom, true})) return r;
  for (const std::string& spec : drives) {
    int unit = 0;
    Options::IdeDrive drive;
    if (!ParseDrive(spec, &unit, &drive, &r.error)) return r;
    if (!place(unit, drive)) return r;
  }
  bool have_cdrom = false;
  for (const Options::IdeDrive& drive : o.ide) have_cdrom = have_cdrom || (drive.cdrom && !drive.path.empty());
  if (boot.rfind("order=", 0) == 0) boot = boot.substr(6);
  if (boot.empty() || boot.find_first_not_of("abcd") != std::string::npos) {
    r.error = "boot order " + QuoteText(boot) + " must be drive letters a, b, c and d";
    return r;
  }
  if (boot.find('d') != std::string::npos && !have_cdrom && o.machine == "pc") {
    r.error = "boot order " + QuoteText(boot) + " names the CD-ROM (d), but there is none (--cdrom FILE)";
    return r;
  }
  o.boot_order = boot;
  if (jit == "on" || jit == "check") {
    if (!HostHasJitBackend()) {
      r.error = "--jit " + jit + ": this host has no translator backend (x86-64 hosts have one)";
      return r;
    }
    o.jit.mode = jit == "on" ? JitMode::kOn : JitMode::kCheck;
  } else if (jit == "off") {
    o.jit.mode = JitMode::kOff;
  } else {
    r.error = "unknown --jit mode " + QuoteText(jit) + " (available: on off check)";
    return r;
  }
  if (o.jit.cache_mb == 0) {
    r.error = "--jit-cache-mb must be at least 1";
    return r;
  }
  if (!ParseJitCategories(jit_disable, &o.jit.disabled, &r.error)) {
    r.error = "--jit-disable: " + ShortenQuotedSpans(r.error);
    return r;
  }
  if (o.clock != "realtime" && o.clock != "instructions") {
    r.error = "unknown clock " + QuoteText(o.clock) + " (available: realtime instructions)";
    return r;
  }
  if (!rtc_base.empty()) {
    std::array<int, 6> t{};
    if (!ParseCalendarTime(rtc_base, &t)) {
      r.error = "rtc-base " + QuoteText(rtc_base) +
                " is not a date and time YYYY-MM-DDTHH:MM:SS of the calendar (years " +
                std::to_string(kFirstCalendarYear) + "-" + std::to_string(kLastCalendarYear) + ")";
      return r;
    }
    o.rtc_base = t;
  }
  if (nographic) {
    if (o.display == "sdl") {
      r.error = "--nographic and --display sdl contradict each other";
      return r;
    }
    o.display = "none";
  }
  if (o.display != "auto" && o.display != "sdl" && o.display != "curses" && o.display != "none") {
    r.error = "unknown display " + QuoteText(o.display) + " (available: sdl curses none)";
    return r;
  }
  if (o.display == "curses" && o.serial == "stdio") {
    r.error = "--display curses reads the terminal's keys: COM1 cannot be on stdio too";
    return r;
  }
  if (o.serial != "auto" && o.serial != "stdio" && o.serial != "none" && !IsFileTarget(o.serial)) {
    r.error =
        "unknown serial backend " + QuoteText(o.serial) + " (available: stdio none file:PATH)";
    return r;
  }
  if (o.machine == "bare" && !o.kernel.empty()) {
    r.error = "--kernel is for the PC: the bare machine runs --rom";
    return r;
  }
  if (o.machine == "bare" && (!o.bios.empty() || !o.vga_bios.empty())) {
    r.error = "--bios and --vga-bios are for the PC: the bare machine runs --rom";
    return r;
  }
  if (!o.vga_bios.empty() && o.bios.empty()) {
    // The built-in BIOS runs no PCI option ROMs; it has a video BIOS of its own.
    r.error = "--vga-bios needs --bios (the built-in BIOS has its own video BIOS)";
    return r;
  }
  if (o.machine == "bare" && !o.debugcon.empty()) {
    r.error = "--debugcon is for the PC: the bare machine writes port 0xE9 to standard output";
    return r;
  }
  if (o.machine == "pc" && o.debugcon.empty()) o.debugcon = "none";
  if (o.machine == "pc" && o.debugcon != "none" && o.debugcon != "stdio" &&
      !IsFileTarget(o.debugcon)) {
    r.error =
        "unknown debug console " + QuoteText(o.debugcon) + " (available: none stdio file:PATH)";
    return r;
  }
  if (o.display == "curses" && o.debugcon == "stdio") {
    r.error = "--display curses draws on the terminal: the debug console cannot be on stdio too";
    return r;
  }
  if (o.scale != "integer" && o.scale != "smooth") {
    r.error = "unknown scaling " + QuoteText(o.scale) + " (available: integer smooth)";
    return r;
  }
  if (!ParseMemorySize(memory, &o.memory_mb, &r.error)) return r;
  // NaN compares false with everything, so the test is written to let only good values pass.
  if (!(std::isfinite(o.timeout_seconds) && o.timeout_seconds >= 0 &&
        o.timeout_seconds <= kMaxSeconds)) {
    r.error = "timeout must be a number of seconds from 0 (none) to " +
              std::to_string(static_cast<long>(kMaxSeconds));
    return r;
  }
  if (o.kernel.empty() && (!o.initrd.empty() || !o.append.empty())) {
    r.error = std::string(o.initrd.empty() ? "--append" : "--initrd") + " needs --kernel";
    return r;
  }
  // The BIOS boots floppies, the disks of units 0 and 1 and a CD.
  const bool bios_disk = (!o.ide[0].path.empty() && !o.ide[0].cdrom) ||
                         (!o.ide[1].path.empty() && !o.ide[1].cdrom);
  if (o.machine == "pc" && o.fda.empty() && o.fdb.empty() && !bios_disk && !have_cdrom &&
      o.kernel.empty()) {
    // The PC would wait forever for a boot device.
    r.error = "nothing to boot: usage: morph86 --fda FILE | --hda FILE | --cdrom FILE | --kernel FILE "
              "[options] (see --help)";
    return r;
  }
  try {
    size_t used = 0;
    unsigned long port = std::stoul(post_port, &used, 0);
    if (used != post_port.size() || port > 0xFFFF) throw std::out_of_range("port");
    o.post_port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    r.error = "post-port must be a port number from 0 to 0xFFFF";
  }
  return r;
}

}  // namespace m86
